/*
 * ringsight/spark/Link: one edge of the community graph — a claim and a linking
 * identity it carries, with the edge weight and the row's place in the export
 * (claim-major, the order the TypeScript engine adds edges in).
 */
package ringsight.spark;

import java.io.Serializable;

final class Link implements Serializable {
  private static final long serialVersionUID = 1L;
  final long order;
  final int claim;
  final int entity;
  final double weight;

  Link(long order, int claim, int entity, double weight) {
    this.order = order;
    this.claim = claim;
    this.entity = entity;
    this.weight = weight;
  }
}
