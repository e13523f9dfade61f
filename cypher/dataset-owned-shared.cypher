// Entities the dataset $id owns (asserted first) that later datasets restated: their next
// dataset's kept view replaces the deleted one's (DatasetService.remove).
MATCH (n:Entity)
WHERE n.datasets[0] = $id AND size(n.datasets) > 1
RETURN n.id AS id, n.datasets AS datasets, coalesce(n.assertedBy, []) AS views,
       coalesce(n.otherNames, []) AS names, coalesce(n.otherIdentifiers, []) AS ids
