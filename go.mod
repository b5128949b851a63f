module github.com/sourcelight/sourcelight

go 1.26.0

require (
	github.com/tidwall/gjson v1.20.2
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
)

require (
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.3.0 // indirect
)
