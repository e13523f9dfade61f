// The change log: one :Change per write, in the write's own transaction. Never :Entity, so it is
// never drawn, searched or exported. `at` is the transaction's clock, the same instant the write
// stamps on the element (retractedAt, updatedAt).
CREATE (c:Change {
  id: $id, at: datetime.transaction(), user: $user, action: $action,
  targetType: $targetType, target: $target, targets: $targets,
  before: $before, after: $after, version: $version,
  source: $source, evidence: $evidence, confidence: $confidence, reason: $reason,
  revertOf: $revertOf
})
RETURN c.id AS id, toString(c.at) AS at
