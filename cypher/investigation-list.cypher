// Saved investigations the asker may open ($roles), most recently changed first, without their state.
MATCH (i:Investigation)
WHERE i.role IN $roles AND ($owner IS NULL OR i.owner = $owner)
RETURN i {.id, .name, .description, .owner, .role, .version, .createdAt, .updatedAt,
          size: size(i.state)} AS investigation
ORDER BY i.updatedAt DESC, i.id
LIMIT $limit
