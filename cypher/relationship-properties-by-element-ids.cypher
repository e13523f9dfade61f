// Properties of the relationships in $elementIds (an element-id seek, no scan).
MATCH ()-[r]->()
WHERE elementId(r) IN $elementIds
RETURN elementId(r) AS elementId, properties(r) AS properties
