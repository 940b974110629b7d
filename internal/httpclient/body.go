package httpclient

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxEncodings bounds the Content-Encoding layers decoded ("gzip, gzip").
const maxEncodings = 3

// readBody reads at most MaxBody decoded bytes. No buffer is sized from
// Content-Length. Each read must make progress within IdleTimeout, or the
// exchange is cancelled. A body the client cannot decode is kept as sent.
// A stream gets StreamIdle instead, and at most StreamIdle more once its
// first bytes arrived; then what was read is the answer (stream set).
func (c *Client) readBody(ctx context.Context, cancel context.CancelCauseFunc, resp *http.Response, stream bool) (body []byte, truncated, streamed bool, err error) {
	d, cause := c.opts.IdleTimeout, errIdle
	if stream {
		d, cause = c.opts.StreamIdle, errStreamEnd
	}
	idle := time.AfterFunc(d, func() { cancel(cause) })
	defer idle.Stop()
	pr := &progressReader{r: resp.Body, idle: idle, d: d}
	if stream {
		var window *time.Timer
		pr.first = func() { window = time.AfterFunc(d, func() { cancel(errStreamEnd) }) }
		defer func() {
			if window != nil {
				window.Stop()
			}
		}()
	}
	src, decodeErr := decode(pr, resp.Header.Values("Content-Encoding"))
	body, err = readCapped(src, c.opts.MaxBody+1)
	truncated = int64(len(body)) > c.opts.MaxBody
	if truncated {
		body = body[:c.opts.MaxBody]
		err = nil // the rest is not wanted: the connection is dropped
	}
	if err != nil && stream && errors.Is(context.Cause(ctx), errStreamEnd) {
		return body, true, true, nil // still open: a stream, judged on what came
	}
	if err != nil && decodeErr == nil && isDecodeErr(err) {
		err = nil // a corrupt encoding is the API's fault, judged as a body
	}
	if ctx.Err() != nil && err == nil && !truncated && !errors.Is(context.Cause(ctx), errStreamEnd) {
		err = context.Cause(ctx)
	}
	return body, truncated, false, err
}

// errStreamEnd is the cancel cause when a stream stayed open past
// StreamIdle: the end of what errprobe reads of it, not a failure.
var errStreamEnd = errors.New("the stream stayed open")

// streamTypes are media types whose bodies stay open by design.
var streamTypes = []string{"text/event-stream", "application/x-ndjson", "application/ndjson", "application/jsonl",
	"application/x-jsonlines", "application/stream+json", "application/json-seq", "application/x-json-stream"}

// streams reports whether a response is read as a stream: a stream media
// type, or a 2xx of unknown length (chunked or until close), whose body
// no judgement of a client mistake depends on past its first chunk.
func streams(resp *http.Response) bool {
	ct, _, _ := strings.Cut(strings.ToLower(resp.Header.Get("Content-Type")), ";")
	ct = strings.TrimSpace(ct)
	for _, t := range streamTypes {
		if ct == t {
			return true
		}
	}
	return resp.StatusCode >= 200 && resp.StatusCode < 300 && resp.ContentLength < 0
}

// readCapped reads at most limit bytes, growing its buffer by doubling up
// to limit, so a capped body costs about twice the cap in allocations. It
// starts small: most error bodies are a few hundred bytes, and the buffer
// lives on in the result.
func readCapped(r io.Reader, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(limit, 512))
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(int64(cap(buf))*2, limit))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// progressReader pushes the idle deadline back on every read that returns
// bytes.
type progressReader struct {
	r    io.Reader
	idle *time.Timer
	d    time.Duration
	// first, when set, is called once, at the first bytes.
	first func()
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.idle.Reset(p.d)
		if p.first != nil {
			p.first()
			p.first = nil
		}
	}
	return n, err
}

// decode wraps r in decoders for the Content-Encoding values, last applied
// first. Unknown encodings leave the body as sent.
func decode(r io.Reader, values []string) (io.Reader, error) {
	var encs []string
	for _, v := range values {
		for _, e := range strings.Split(v, ",") {
			if e = strings.ToLower(strings.TrimSpace(e)); e != "" && e != "identity" {
				encs = append(encs, e)
			}
		}
	}
	if len(encs) > maxEncodings {
		return r, errors.New("too many content encodings")
	}
	for i := len(encs) - 1; i >= 0; i-- {
		var err error
		switch encs[i] {
		case "gzip", "x-gzip":
			r, err = gzipReader(r)
		case "deflate":
			r, err = deflateReader(r)
		default:
			return r, errors.New("unsupported content encoding " + encs[i])
		}
		if err != nil {
			return r, err
		}
	}
	return r, nil
}

// gzipReader opens lazily: creating a gzip reader reads the header, which
// must happen under the idle deadline like every other read.
func gzipReader(r io.Reader) (io.Reader, error) {
	return &lazy{open: func() (io.Reader, error) {
		z, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		z.Multistream(false)
		return z, nil
	}}, nil
}

// deflateReader accepts zlib-wrapped deflate (RFC 9110) and the raw
// deflate some servers send.
func deflateReader(r io.Reader) (io.Reader, error) {
	return &lazy{open: func() (io.Reader, error) {
		br := bufio.NewReader(r)
		h, err := br.Peek(2)
		if err == nil && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
			return zlib.NewReader(br)
		}
		return flate.NewReader(br), nil
	}}, nil
}

type lazy struct {
	open func() (io.Reader, error)
	r    io.Reader
	err  error
}

func (l *lazy) Read(b []byte) (int, error) {
	if l.r == nil && l.err == nil {
		l.r, l.err = l.open()
		if l.err != nil {
			l.err = decodeError{l.err}
		}
	}
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(b)
	if err != nil && err != io.EOF && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) ||
		errors.Is(err, zlib.ErrChecksum) || errors.Is(err, zlib.ErrHeader) || isCorrupt(err)) {
		err = decodeError{err}
	}
	return n, err
}

type decodeError struct{ error }

func (d decodeError) Unwrap() error { return d.error }

func isDecodeErr(err error) bool {
	var d decodeError
	return errors.As(err, &d)
}

func isCorrupt(err error) bool {
	var c flate.CorruptInputError
	return errors.As(err, &c)
}
