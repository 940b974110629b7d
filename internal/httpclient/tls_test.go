package httpclient

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/errprobe/errprobe/internal/hostile"
)

// pki is a throw-away certificate authority.
type pki struct {
	cert  *x509.Certificate
	key   *ecdsa.PrivateKey
	pem   []byte
	trust *tls.Config
}

func newCA(t *testing.T) *pki {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "errprobe test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &pki{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue returns a leaf certificate and key as PEM, and as a tls.Certificate.
func (ca *pki) issue(t *testing.T, notAfter time.Time, client bool, hosts ...string) ([]byte, []byte, tls.Certificate) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "leaf"},
		NotBefore: time.Now().Add(-2 * time.Hour), NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if client {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kd, _ := x509.MarshalECPrivateKey(key)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd})
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return certPEM, keyPEM, pair
}

func tlsServer(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(hostile.Problem())
	srv.TLS = cfg
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.URL
}

// Case 12: verification on by default; each failure has its own kind and
// a hint; --ca-cert, client certificates and --insecure work.
func TestTLS(t *testing.T) {
	ca := newCA(t)
	_, _, good := ca.issue(t, time.Now().Add(time.Hour), false, "127.0.0.1")
	_, _, expired := ca.issue(t, time.Now().Add(-time.Hour), false, "127.0.0.1")
	_, _, wrongHost := ca.issue(t, time.Now().Add(time.Hour), false, "api.example.com")
	clientCert, clientKey, _ := ca.issue(t, time.Now().Add(time.Hour), true, "client")
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	trusted, err := TLSConfig(ca.pem, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	withClient, err := TLSConfig(ca.pem, clientCert, clientKey)
	if err != nil {
		t.Fatal(err)
	}
	selfSigned := httptest.NewTLSServer(hostile.Problem())
	t.Cleanup(selfSigned.Close)
	needsClient := &tls.Config{Certificates: []tls.Certificate{good}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	tests := []struct {
		name string
		url  string
		opts Options
		kind string // "" for success
	}{
		{"self-signed", selfSigned.URL, Options{}, KindTLSAuthority},
		{"self-signed insecure", selfSigned.URL, Options{Insecure: true}, ""},
		{"trusted with --ca-cert", tlsServer(t, &tls.Config{Certificates: []tls.Certificate{good}}), Options{TLS: trusted}, ""},
		{"expired", tlsServer(t, &tls.Config{Certificates: []tls.Certificate{expired}}), Options{TLS: trusted}, KindTLSExpired},
		{"wrong host", tlsServer(t, &tls.Config{Certificates: []tls.Certificate{wrongHost}}), Options{TLS: trusted}, KindTLSHost},
		{"client cert required", tlsServer(t, needsClient), Options{TLS: trusted}, KindTLSClientCert},
		{"client cert given", tlsServer(t, needsClient), Options{TLS: withClient}, ""},
		{"TLS 1.1 refused", tlsServer(t, &tls.Config{Certificates: []tls.Certificate{good}, MaxVersion: tls.VersionTLS11}), Options{TLS: trusted}, KindTLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Timeout = 5 * time.Second
			resp, err := get(t, New(tt.opts), context.Background(), tt.url)
			if tt.kind == "" {
				if err != nil || resp.Status != 404 {
					t.Fatalf("err = %v, resp = %+v", err, resp)
				}
				return
			}
			if Kind(err) != tt.kind || !Fatal(err) {
				t.Fatalf("kind %q (%v), want %q, fatal", Kind(err), err, tt.kind)
			}
			var e *Error
			if tt.kind != KindTLS && (!errors.As(err, &e) || e.Hint == "") {
				t.Errorf("no actionable hint in %v", err)
			}
		})
	}
}

func TestTLSConfigErrors(t *testing.T) {
	if _, err := TLSConfig([]byte("junk"), nil, nil); err == nil {
		t.Error("a CA file without PEM was accepted")
	}
	if _, err := TLSConfig(nil, []byte("x"), nil); err == nil {
		t.Error("a certificate without its key was accepted")
	}
	if c := tlsConfig(Options{}); c.MinVersion != tls.VersionTLS12 || c.InsecureSkipVerify {
		t.Errorf("default TLS config %+v: want TLS 1.2+, verification on", c)
	}
}
