@export()
@description('Names to string values: resource tags, app settings.')
type stringMap = { *: string }

