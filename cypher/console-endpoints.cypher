// Console: the endpoint nodes of returned relationships whose nodes the query did not return,
// so the console's graph never has a dangling edge.
MATCH (n)
WHERE elementId(n) IN $elementIds
RETURN n
