package httpclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
)

// TLSConfig builds a TLS configuration from PEM data: extra trusted CAs
// (added to the system pool) and a client certificate with its key. Empty
// inputs are left out.
func TLSConfig(caPEM, certPEM, keyPEM []byte) (*tls.Config, error) {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(caPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, errors.New("the CA file holds no PEM certificate")
		}
		c.RootCAs = pool
	}
	if (len(certPEM) > 0) != (len(keyPEM) > 0) {
		return nil, errors.New("a client certificate needs both the certificate and its key")
	}
	if len(certPEM) > 0 {
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("client certificate: %w", err)
		}
		c.Certificates = []tls.Certificate{cert}
	}
	return c, nil
}
