package main

import (
	"archive/tar"
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// wantPlatforms are the platforms every image must have.
var wantPlatforms = []string{"linux/amd64", "linux/arm64"}

// check reads an OCI layout and verifies the image's contract for every
// platform: entrypoint, non-root user, one layer holding a static binary
// of the right architecture, CA certificates, a writable working
// directory. It returns a report of what it saw and every failure.
func check(dir string) (string, error) {
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	var errs []error
	var seen []string
	for _, d := range im.Manifests {
		if d.Platform == nil {
			errs = append(errs, fmt.Errorf("manifest %s has no platform", d.Digest))
			continue
		}
		p := d.Platform.OS + "/" + d.Platform.Architecture
		seen = append(seen, p)
		img, err := idx.Image(d.Digest)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			continue
		}
		line, err := checkImage(img, d.Platform)
		fmt.Fprintf(&b, "%s %s: %s\n", p, d.Digest.String()[:19], line)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
		}
	}
	for _, p := range wantPlatforms {
		if !slices.Contains(seen, p) {
			errs = append(errs, fmt.Errorf("no image for %s (have %v)", p, seen))
		}
	}
	return b.String(), errors.Join(errs...)
}

func checkImage(img v1.Image, p *v1.Platform) (string, error) {
	cfg, err := img.ConfigFile()
	if err != nil {
		return "", err
	}
	layers, err := img.Layers()
	if err != nil {
		return "", err
	}
	c := cfg.Config
	line := fmt.Sprintf("entrypoint %v, user %s, workdir %s, %d layer(s)", c.Entrypoint, c.User, c.WorkingDir, len(layers))
	var errs []error
	if !slices.Equal(c.Entrypoint, []string{entrypoint}) {
		errs = append(errs, fmt.Errorf("entrypoint %v, want [%s]", c.Entrypoint, entrypoint))
	}
	if c.User == "" || strings.HasPrefix(c.User, "0") || strings.HasPrefix(c.User, "root") {
		errs = append(errs, fmt.Errorf("user %q: want a non-root user", c.User))
	}
	if cfg.OS != p.OS || cfg.Architecture != p.Architecture {
		errs = append(errs, fmt.Errorf("config says %s/%s", cfg.OS, cfg.Architecture))
	}
	if len(layers) != 1 {
		errs = append(errs, fmt.Errorf("%d layers, want 1", len(layers)))
	}
	files := map[string]*tar.Header{}
	var exe []byte
	for _, l := range layers {
		rc, err := l.Uncompressed()
		if err != nil {
			return line, err
		}
		tr := tar.NewReader(rc)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return line, err
			}
			files["/"+strings.TrimSuffix(h.Name, "/")] = h
			if "/"+h.Name == entrypoint {
				if exe, err = io.ReadAll(tr); err != nil {
					rc.Close()
					return line, err
				}
			}
		}
		rc.Close()
	}
	if h := files[entrypoint]; h == nil || h.Mode&0o111 == 0 {
		errs = append(errs, fmt.Errorf("%s missing or not executable", entrypoint))
	} else if err := staticFor(exe, p.Architecture); err != nil {
		errs = append(errs, err)
	}
	if h := files[caFile]; h == nil || h.Size == 0 {
		errs = append(errs, fmt.Errorf("no CA certificates at %s", caFile))
	}
	if h := files[c.WorkingDir]; h == nil || h.Typeflag != tar.TypeDir || fmt.Sprintf("%d:%d", h.Uid, h.Gid) != c.User {
		errs = append(errs, fmt.Errorf("working directory %q is not a folder owned by %s", c.WorkingDir, c.User))
	}
	return line, errors.Join(errs...)
}

// staticFor checks the binary is a static ELF executable for arch: scratch
// has no dynamic loader.
func staticFor(exe []byte, arch string) error {
	f, err := elf.NewFile(bytes.NewReader(exe))
	if err != nil {
		return fmt.Errorf("%s is not an ELF binary: %w", entrypoint, err)
	}
	defer f.Close()
	want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[arch]
	if f.Machine != want {
		return fmt.Errorf("%s is built for %s, not %s", entrypoint, f.Machine, arch)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("%s is dynamically linked: scratch has no loader", entrypoint)
		}
	}
	return nil
}
