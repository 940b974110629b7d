package engine

import (
	"context"
	"fmt"

	"github.com/errprobe/errprobe/checks"
)

// Send sends one request outside Run and returns what it got, unjudged:
// errprobe's own fixtures (a resource it creates so that item operations
// can be probed, and removes at the end). The methods excluded and the
// request budget hold as in Run; the request counts towards Sent.
func (e *Engine) Send(ctx context.Context, p checks.Probe) checks.Result {
	res := checks.Result{Probe: p, RequestID: e.RequestID(p)}
	if allow := e.opts.AllowMethod; allow != nil && !allow(p.Request.Method) {
		return skipped(e, p, "not sent: the method is excluded")
	}
	if max := e.opts.MaxRequests; max > 0 && e.sent.Add(1) > int64(max) {
		e.sent.Add(-1)
		return skipped(e, p, fmt.Sprintf("not sent: --max-requests %d reached", max))
	} else if max <= 0 {
		e.sent.Add(1)
	}
	req, err := e.Request(ctx, p, res.RequestID)
	if err != nil {
		res.Err = err
		return res
	}
	resp, err := e.client.Do(ctx, req)
	res.Err = err
	if resp != nil {
		res.Response = toResponse(resp)
	}
	return res
}

// Answered hands Run the results of controls sent before it (with Send):
// Run streams them first and reads them as the operations' controls; the
// probes given to Run must not hold them again.
func (e *Engine) Answered(rs []checks.Result) { e.answered = rs }
