// Number of {{rel}} relationships (from the count store).
MATCH ()-[r:{{rel}}]->()
RETURN count(r) AS n
