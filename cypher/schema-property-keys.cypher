CALL db.propertyKeys() YIELD propertyKey
RETURN propertyKey AS key
ORDER BY key
