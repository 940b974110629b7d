package httpclient

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"syscall"
)

// Error kinds: a short, stable word for why an exchange failed, shown first
// in every error message and used to decide retries and stops.
const (
	KindTimeout       = "timeout"
	KindReset         = "connection-reset"
	KindEOF           = "eof"
	KindRefused       = "refused"
	KindDNS           = "dns"
	KindTLS           = "tls"
	KindTLSAuthority  = "tls-unknown-authority"
	KindTLSExpired    = "tls-expired"
	KindTLSHost       = "tls-wrong-host"
	KindTLSClientCert = "tls-client-cert"
	KindHeaderTooBig  = "header-too-large"
	KindRedirect      = "redirect"
	KindMalformed     = "malformed-response"
	KindProxy         = "proxy"
	KindCanceled      = "canceled"
	KindOther         = "transport"
)

// Error is a failed exchange: Kind classifies it, Err is the cause.
type Error struct {
	Kind string
	// Hint says what the user can do about it, when errprobe knows.
	Hint string
	Err  error
}

func (e *Error) Error() string {
	msg := e.Kind + ": " + e.Err.Error()
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Kind returns the kind of a client error, or "" for other errors.
func Kind(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// Retryable reports whether an exchange that failed with err may be sent
// again: the server may not have seen it, or seeing it twice is harmless
// for an idempotent method.
func Retryable(err error) bool {
	switch Kind(err) {
	case KindTimeout, KindReset, KindEOF, KindRefused:
		return true
	}
	return false
}

// Fatal reports whether err will fail every request the same way (TLS
// trust, a client certificate), so a run should stop at once.
func Fatal(err error) bool {
	switch Kind(err) {
	case KindTLS, KindTLSAuthority, KindTLSExpired, KindTLSHost, KindTLSClientCert:
		return true
	}
	return false
}

// Malformed reports whether the target answered, but with something that
// is not a usable HTTP response: no status line, a bad chunk size, headers
// past the cap (a 10 MB header line, endless 1xx responses), a redirect
// loop. Like a hang, it is the endpoint's defect, not a failure to test.
func Malformed(err error) bool {
	switch Kind(err) {
	case KindMalformed, KindHeaderTooBig, KindRedirect:
		return true
	}
	return false
}

// malformedText are the messages net/http gives a response it cannot parse.
var malformedText = []string{"malformed HTTP", "malformed MIME header", "malformed chunked", "chunk length",
	"chunked line", "chunked encoding", "bad Content-Length", "invalid empty Content-Length", "trailer",
	"too many 1xx"}

func isMalformed(err error, msg string) bool {
	var pe textproto.ProtocolError
	if errors.As(err, &pe) {
		return true
	}
	for _, m := range malformedText {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}

// errIdle is the cancel cause when no byte arrived for the idle timeout.
var errIdle = errors.New("no data received within the idle timeout")

// classify turns a transport error into an *Error.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return already
	}
	if cause := context.Cause(ctx); cause != nil {
		switch {
		case errors.Is(cause, errIdle), errors.Is(cause, errDeadline):
			return &Error{Kind: KindTimeout, Err: cause}
		case errors.Is(cause, context.Canceled):
			return &Error{Kind: KindCanceled, Err: context.Canceled}
		}
	}
	e := &Error{Kind: KindOther, Err: unwrapURL(err)}
	var (
		unknown x509.UnknownAuthorityError
		hostErr x509.HostnameError
		invalid x509.CertificateInvalidError
		dnsErr  *net.DNSError
		netErr  net.Error
		opErr   *net.OpError
		msg     = err.Error()
	)
	switch {
	case errors.As(err, &unknown):
		e.Kind, e.Hint = KindTLSAuthority, "certificate signed by an unknown authority, perhaps self-signed: pass --ca-cert FILE, or --insecure to skip verification"
	case errors.As(err, &hostErr):
		e.Kind, e.Hint = KindTLSHost, "the certificate is not valid for this host name: use the name it was issued for"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		e.Kind, e.Hint = KindTLSExpired, "the server's certificate has expired or is not yet valid"
	case errors.As(err, &invalid):
		e.Kind, e.Hint = KindTLS, "the server's certificate is not valid"
	case strings.Contains(msg, "certificate required"), strings.Contains(msg, "bad certificate"):
		e.Kind, e.Hint = KindTLSClientCert, "the server requires a client certificate: pass --client-cert and --client-key"
	case strings.Contains(msg, "tls: "):
		e.Kind = KindTLS
	case strings.Contains(msg, "proxyconnect"):
		e.Kind, e.Hint = KindProxy, "the proxy could not be reached"
	case strings.Contains(msg, "server response headers exceeded"), strings.Contains(msg, "header line too long"):
		e.Kind = KindHeaderTooBig
	case isMalformed(err, msg):
		e.Kind = KindMalformed
	case errors.As(err, &dnsErr):
		e.Kind = KindDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Kind = KindRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), strings.Contains(msg, "stream error"), strings.Contains(msg, "GOAWAY"):
		e.Kind = KindReset
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), strings.Contains(msg, "server closed"):
		e.Kind = KindEOF
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = KindTimeout
	case errors.As(err, &opErr):
		e.Kind = KindOther
	}
	return e
}

// unwrapURL drops the *url.Error wrapper, whose text repeats the method
// and URL the report already shows.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// errDeadline is the cancel cause when the whole-exchange timeout fires.
var errDeadline = errors.New("the exchange took longer than the timeout")
