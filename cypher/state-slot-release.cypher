MATCH (s:AppSlot {id: $slot})
DELETE s
