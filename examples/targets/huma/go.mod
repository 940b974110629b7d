// The huma end-to-end target has a module of its own, so that errprobe's
// go.mod lists only what the CLI uses. e2e/frameworks_test.go builds it here.
module github.com/errprobe/errprobe/examples/targets/huma

go 1.26

require github.com/danielgtaylor/huma/v2 v2.37.2
