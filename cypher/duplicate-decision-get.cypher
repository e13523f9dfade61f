// One pair's stored decision, as a snapshot (properties) for the change log.
MATCH (d:DuplicateDecision {pair: $pair})
RETURN properties(d) AS decision
