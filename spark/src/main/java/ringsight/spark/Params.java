/*
 * ringsight/spark/Params: the detection parameters the CLI hands the job (a JSON
 * file written from the TypeScript DetectParams, so both engines read one source),
 * checked on the way in.
 */
package ringsight.spark;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

final class Params implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String[] IDENTITY_TYPES = { "person", "phone", "bank_account", "vehicle" };
  private static final String MODULE = "ringsight/spark/Params";

  long seed;
  boolean cpm;
  double resolution;
  double resolutionReference;
  double cpmResolution;
  int leidenIterations;
  double randomness;
  int minClaims;
  int splitAbove;
  final Map<String, Integer> hubDegree = new HashMap<>();
  final Map<String, Double> linkWeight = new HashMap<>();

  static Params read(File file) throws IOException {
    JsonNode j = new ObjectMapper().readTree(file);
    Params p = new Params();
    p.seed = wholeNumber(j, "seed", 0);
    String quality = text(j, "quality");
    if (!quality.equals("modularity") && !quality.equals("cpm")) throw bad("quality", "\"modularity\" or \"cpm\"", j.get("quality"));
    p.cpm = quality.equals("cpm");
    p.resolution = positive(j, "resolution");
    p.resolutionReference = positive(j, "resolutionReference");
    p.cpmResolution = positive(j, "cpmResolution");
    p.leidenIterations = (int) wholeNumber(j, "leidenIterations", 0);
    p.randomness = positive(j, "randomness");
    p.minClaims = (int) wholeNumber(j, "minClaims", 2);
    p.splitAbove = (int) wholeNumber(j, "splitAbove", 0);
    for (String type : IDENTITY_TYPES) {
      p.hubDegree.put(type, (int) wholeNumber(need(j, "hubDegree"), type, 1));
      p.linkWeight.put(type, positive(need(j, "linkWeight"), type));
    }
    return p;
  }

  private static JsonNode need(JsonNode j, String key) {
    JsonNode v = j.get(key);
    if (v == null || v.isNull()) throw new IllegalArgumentException(MODULE + ": params file has no \"" + key + "\"");
    return v;
  }

  private static String text(JsonNode j, String key) {
    JsonNode v = need(j, key);
    if (!v.isTextual()) throw bad(key, "a string", v);
    return v.asText();
  }

  private static double positive(JsonNode j, String key) {
    JsonNode v = need(j, key);
    if (!v.isNumber() || !(v.asDouble() > 0) || Double.isInfinite(v.asDouble())) throw bad(key, "a number > 0", v);
    return v.asDouble();
  }

  private static long wholeNumber(JsonNode j, String key, long least) {
    JsonNode v = need(j, key);
    if (!v.isIntegralNumber() || v.asLong() < least) throw bad(key, "a whole number >= " + least, v);
    return v.asLong();
  }

  private static IllegalArgumentException bad(String key, String want, JsonNode got) {
    return new IllegalArgumentException(MODULE + ": \"" + key + "\" must be " + want + ", got " + got);
  }
}
