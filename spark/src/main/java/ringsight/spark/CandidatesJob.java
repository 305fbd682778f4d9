/*
 * ringsight/spark/CandidatesJob: the community step of `ringsight detect` on Spark.
 *
 *   java <jvm flags> -cp <classpath> ringsight.spark.CandidatesJob \
 *     --links DIR/links.parquet --params params.json --out candidates.json \
 *     [--master local[2]] [--partition component|global] [--jars a.jar,b.jar]
 *
 * Reads the identity-link projection (`ringsight export --parquet`: claim and entity
 * indices of the TypeScript claims index, identity type, claim-major row order),
 * counts entity degrees, drops hubs per identity type and single-claim entities,
 * weights edges linkWeight / log2(1 + degree), splits the claim–entity graph with
 * GraphX connected components, takes ring-sized components whole and runs Leiden +
 * the connectivity split on larger ones (ComponentLeiden), and writes the candidates
 * (and the step's stats) as JSON for the TypeScript scorer.
 *
 * --partition component (default): one Spark task per large component, Leiden with
 *   the book's seed in each, under the global 2W — the scale-out path; partitions
 *   match the single-process engine up to Leiden's random node order (NMI/ARI tested).
 * --partition global: all large components in one Leiden run on one executor, in the
 *   TypeScript engine's node order — candidates identical to `detect --community leiden`.
 */
package ringsight.spark;

import static org.apache.spark.sql.functions.col;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.graphx.Edge;
import org.apache.spark.graphx.Graph;
import org.apache.spark.graphx.lib.ConnectedComponents;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

public final class CandidatesJob {
  private static final String MODULE = "ringsight/spark/CandidatesJob";
  /** Entity vertex ids sit above every claim id, so a component's label (its least vertex) is its least claim. */
  private static final long ENTITY_BASE = 1L << 32;

  private CandidatesJob() {}

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = parseArgs(argv);
    String links = need(args, "links"), out = need(args, "out");
    Params params = Params.read(new File(need(args, "params")));
    String master = args.getOrDefault("master", "local[2]");
    String partition = args.getOrDefault("partition", "component");
    if (!partition.equals("component") && !partition.equals("global")) {
      throw new IllegalArgumentException(MODULE + ": --partition must be component or global, got \"" + partition + "\"");
    }
    SparkSession.Builder builder = SparkSession.builder().appName("ringsight-candidates").master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", args.getOrDefault("shuffle-partitions", "8"));
    if (args.containsKey("jars") && !master.startsWith("local")) builder.config("spark.jars", args.get("jars"));
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      Output result = run(spark, links, params, partition.equals("global"));
      write(new File(out), result);
    } finally {
      spark.stop();
    }
  }

  static final class Output {
    final List<ComponentLeiden.Candidate> small = new ArrayList<>();
    final List<ComponentLeiden.Candidate> communities = new ArrayList<>();
    long hubs, graphEdges, components, largeComponents;
    /** Per-partition cost: Leiden task time summed and at most, and the edges of the largest part. */
    long taskMsSum, taskMsMax, largestEdges, largeEdges;
    int communityCount, splits;
    double resolution, modularity, weight;
    final Map<String, Long> timings = new HashMap<>();
  }

  static Output run(SparkSession spark, String linksPath, Params p, boolean global) {
    Output o = new Output();
    long t = System.nanoTime();
    Object[] identity = Params.IDENTITY_TYPES;
    Dataset<Row> links = spark.read().parquet(linksPath).select(col("order").cast("long").as("order"), col("claim"), col("entity"), col("type")).filter(col("type").isin(identity));
    Dataset<Row> degree = links.groupBy("entity").count().withColumnRenamed("count", "degree");
    // Persisted: the hub count and the edges both read it.
    JavaRDD<Row> rows = links.join(degree, "entity").select("order", "claim", "entity", "type", "degree").javaRDD()
        .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Integer> caps = p.hubDegree;
    Map<String, Double> linkWeight = p.linkWeight;
    o.hubs = rows.filter(r -> r.getLong(4) > caps.get(r.getString(3))).map(r -> r.getInt(2)).distinct().count();
    JavaRDD<Link> edges = rows
        .filter(r -> r.getLong(4) >= 2 && r.getLong(4) <= caps.get(r.getString(3)))
        .map(r -> new Link(r.getLong(0), r.getInt(1), r.getInt(2), linkWeight.get(r.getString(3)) / JsLog2.log2(1.0 + r.getLong(4))))
        .persist(StorageLevel.MEMORY_AND_DISK());
    o.graphEdges = edges.count();
    rows.unpersist(false);
    o.timings.put("links", ms(t));

    t = System.nanoTime();
    ClassTag<Object> any = ClassTag$.MODULE$.apply(Object.class);
    Graph<Object, Object> graph = Graph.fromEdges(
        edges.map(l -> new Edge<Object>(l.claim, ENTITY_BASE + l.entity, Boolean.TRUE)).rdd(),
        Boolean.TRUE, StorageLevel.MEMORY_AND_DISK(), StorageLevel.MEMORY_AND_DISK(), any, any);
    JavaPairRDD<Integer, Long> claimLabel = ConnectedComponents.run(graph, any, any).vertices().toJavaRDD()
        .filter(v -> (Long) v._1() < ENTITY_BASE)
        .mapToPair(v -> new Tuple2<>((int) (long) (Long) v._1(), (Long) v._2()));
    JavaPairRDD<Long, Integer> size = claimLabel.mapToPair(v -> new Tuple2<>(v._2(), 1)).reduceByKey(Integer::sum);
    int minClaims = p.minClaims, splitAbove = p.splitAbove;
    // (label, (edges, claims)) for every component big enough to be a ring.
    JavaPairRDD<Long, Tuple2<Iterable<Link>, Integer>> components = edges.mapToPair(l -> new Tuple2<>(l.claim, l))
        .join(claimLabel)
        .mapToPair(x -> new Tuple2<>(x._2()._2(), x._2()._1()))
        .groupByKey()
        .join(size)
        .filter(x -> x._2()._2() >= minClaims)
        .persist(StorageLevel.MEMORY_AND_DISK());
    o.components = components.count();
    for (ComponentLeiden.Candidate c : components.filter(x -> x._2()._2() <= splitAbove).map(x -> whole(x._2()._1())).collect()) o.small.add(c);
    JavaPairRDD<Long, Iterable<Link>> large = components.filter(x -> x._2()._2() > splitAbove).mapToPair(x -> new Tuple2<>(x._1(), x._2()._1()));
    o.timings.put("components", ms(t));

    t = System.nanoTime();
    ComponentLeiden.Settings s = new ComponentLeiden.Settings();
    s.cpm = p.cpm;
    s.randomness = p.randomness;
    s.iterations = p.leidenIterations;
    s.seed = p.seed;
    s.minClaims = p.minClaims;
    List<ComponentLeiden.Result> results = new ArrayList<>();
    if (global) {
      List<Link> all = new ArrayList<>(large.flatMap(x -> x._2().iterator()).collect());
      all.sort(Comparator.comparingLong(l -> l.order));
      o.largeComponents = large.count();
      // The TypeScript engine's total: edge weights summed in the order it adds edges.
      for (Link l : all) o.weight += l.weight;
      s.resolution = p.cpm ? p.cpmResolution : effective(p, o.weight);
      if (!all.isEmpty()) results.add(runPart(all, s));
    } else {
      // The total weight in a fixed order (each component's in export order, components by label), so the
      // result does not depend on how Spark partitions the work.
      List<Tuple2<Long, Double>> weights = new ArrayList<>(large.mapToPair(x -> new Tuple2<>(x._1(), sortedWeight(x._2()))).collect());
      weights.sort(Comparator.comparingLong(Tuple2::_1));
      o.largeComponents = weights.size();
      for (Tuple2<Long, Double> w : weights) o.weight += w._2();
      s.resolution = p.cpm ? p.cpmResolution : effective(p, o.weight);
      s.twoW = 2 * o.weight;
      results.addAll(large.map(x -> runPart(x._2(), s)).collect());
    }
    double inside = 0, squared = 0, twoW = 0;
    for (ComponentLeiden.Result r : results) {
      o.communities.addAll(r.candidates);
      o.communityCount += r.communities;
      o.splits += r.splits;
      inside += r.inside;
      squared += r.squaredTotals;
      twoW = r.twoW;
      o.taskMsSum += r.ms;
      o.taskMsMax = Math.max(o.taskMsMax, r.ms);
      o.largestEdges = Math.max(o.largestEdges, r.edges);
      o.largeEdges += r.edges;
    }
    double gamma = effective(p, o.weight);
    o.resolution = gamma;
    o.modularity = twoW > 0 ? inside / twoW - gamma * squared / (twoW * twoW) : 0;
    o.timings.put("leiden", ms(t));
    // The TypeScript order: whole components, then community parts, each by least claim.
    Comparator<ComponentLeiden.Candidate> byFirstClaim = Comparator.comparingInt(c -> c.claims[0]);
    o.small.sort(byFirstClaim);
    o.communities.sort(byFirstClaim);
    return o;
  }

  private static double effective(Params p, double weight) {
    return p.resolution * Math.max(1, weight / p.resolutionReference);
  }

  private static double sortedWeight(Iterable<Link> links) {
    List<Link> list = new ArrayList<>();
    links.forEach(list::add);
    list.sort(Comparator.comparingLong(l -> l.order));
    double w = 0;
    for (Link l : list) w += l.weight;
    return w;
  }

  private static ComponentLeiden.Result runPart(Iterable<Link> links, ComponentLeiden.Settings s) {
    List<Link> list = new ArrayList<>();
    links.forEach(list::add);
    int m = list.size();
    int[] claim = new int[m], entity = new int[m];
    double[] weight = new double[m];
    for (int k = 0; k < m; k++) {
      Link l = list.get(k);
      claim[k] = l.claim;
      entity[k] = l.entity;
      weight[k] = l.weight;
    }
    return ComponentLeiden.run(claim, entity, weight, s);
  }

  private static ComponentLeiden.Candidate whole(Iterable<Link> links) {
    List<Integer> claims = new ArrayList<>(), entities = new ArrayList<>();
    links.forEach(l -> { claims.add(l.claim); entities.add(l.entity); });
    return new ComponentLeiden.Candidate(
        ComponentLeiden.distinctSorted(claims.stream().mapToInt(Integer::intValue).toArray()),
        ComponentLeiden.distinctSorted(entities.stream().mapToInt(Integer::intValue).toArray()));
  }

  private static void write(File file, Output o) throws IOException {
    File tmp = new File(file.getPath() + ".tmp");
    try (JsonGenerator g = new JsonFactory().createGenerator(tmp, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("hubs", o.hubs);
      g.writeNumberField("graphEdges", o.graphEdges);
      g.writeNumberField("components", o.components);
      g.writeNumberField("largeComponents", o.largeComponents);
      g.writeNumberField("largeEdges", o.largeEdges);
      g.writeNumberField("largestEdges", o.largestEdges);
      g.writeNumberField("taskMsSum", o.taskMsSum);
      g.writeNumberField("taskMsMax", o.taskMsMax);
      g.writeNumberField("communities", o.communityCount);
      g.writeNumberField("splits", o.splits);
      g.writeNumberField("weight", o.weight);
      g.writeNumberField("resolution", o.resolution);
      g.writeNumberField("modularity", o.modularity);
      g.writeObjectFieldStart("timings");
      for (Map.Entry<String, Long> e : o.timings.entrySet()) g.writeNumberField(e.getKey(), e.getValue());
      g.writeEndObject();
      writeCandidates(g, "small", o.small);
      writeCandidates(g, "candidates", o.communities);
      g.writeEndObject();
    }
    if (!tmp.renameTo(file)) throw new IOException(MODULE + ": could not move " + tmp + " to " + file);
  }

  private static void writeCandidates(JsonGenerator g, String name, List<ComponentLeiden.Candidate> list) throws IOException {
    g.writeArrayFieldStart(name);
    for (ComponentLeiden.Candidate c : list) {
      g.writeStartObject();
      g.writeFieldName("claims");
      g.writeArray(c.claims, 0, c.claims.length);
      g.writeFieldName("entities");
      g.writeArray(c.entities, 0, c.entities.length);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static long ms(long since) {
    return Math.round((System.nanoTime() - since) / 1e6);
  }

  private static Map<String, String> parseArgs(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) throw new IllegalArgumentException(MODULE + ": expected --name value, got \"" + argv[i] + "\"");
      args.put(argv[i].substring(2), argv[++i]);
    }
    return args;
  }

  private static String need(Map<String, String> args, String name) {
    String v = args.get(name);
    if (v == null) throw new IllegalArgumentException(MODULE + ": --" + name + " is required");
    return v;
  }
}
