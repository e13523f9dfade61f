RETURN EXISTS { MATCH (n) } AS hasNodes
