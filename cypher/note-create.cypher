// A note on an entity or a relationship; `ends` keeps a relationship's two entities for search.
CREATE (n:Note {id: $id, target: $target, targetType: $targetType, ends: $ends, text: $text,
                author: $author, at: datetime.transaction(), updatedAt: datetime.transaction()})
RETURN properties(n) AS note
