// Stores (or replaces) the decision on a pair; `at` is the transaction's clock.
MERGE (d:DuplicateDecision {pair: $pair})
SET d.a = $a, d.b = $b, d.decision = $decision, d.at = datetime.transaction(), d.user = $user
RETURN d.pair AS pair, d.a AS a, d.b AS b, d.decision AS decision, toString(d.at) AS at, d.user AS user
