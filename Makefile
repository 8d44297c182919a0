# HingeCheck — the two commands of the README:
#   make demo   install what is missing, build (release), analyse a sample video, write a report
#   make test   install what is missing, build, run every test
#   make install [PREFIX=/usr/local] [DESTDIR=]   the release binary (Swift runtime linked in),
#               man page, shell completions and the model installer under PREFIX
#   make dist   the same tree as out/hingecheck-VERSION-linux-x86_64.tar.gz
# Both are idempotent: a second run only rebuilds what changed.

SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# OpenCV 4.6 (+contrib for ArUco), libjpeg(-turbo), ffmpeg for tests and probing, opencv-doc
# for the real person photos the BlazePose tests use, python3-venv for the model converter,
# chromium for rendering HTML reports in tests.
APT_PACKAGES := libopencv-dev libopencv-contrib-dev libjpeg62-turbo-dev pkg-config ffmpeg \
                opencv-doc python3-venv chromium
MODELS_DIR ?= $(or $(HINGECHECK_MODELS_DIR),$(or $(XDG_DATA_HOME),$(HOME)/.local/share)/hingecheck/models)
DEMO_CLIP  := SampleVideos/deadlift-fatigue.mp4
DEMO_OUT   := out/demo-report

# install / dist: the release binary with the Swift standard library and Foundation linked in
# statically, so it needs only the OpenCV/libjpeg runtime packages (docs/install.md).
PREFIX     ?= /usr/local
DESTDIR    ?=
VERSION    := $(shell sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/PoseCore/LandmarkFileHeader.swift)
DIST_NAME  := hingecheck-$(VERSION)-linux-x86_64
STAGE      := .build/dist/$(DIST_NAME)
MANUAL     := .build/plugins/GenerateManual/outputs/hingecheck/hingecheck.1

.PHONY: demo test deps models build release static stage install dist test-dist clean example-plugin

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "==> installing apt packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "==> apt packages present"; fi

models: deps
	@bash Shims/models/install-models.sh "$(MODELS_DIR)"

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: models release
	@mkdir -p $(DEMO_OUT)
	.build/release/hingecheck probe $(DEMO_CLIP)
	.build/release/hingecheck analyze $(DEMO_CLIP) --report $(DEMO_OUT)
	@echo "==> report written to $(DEMO_OUT)/report.html"

test: models
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The example Swift analyser plugin (docs/plugins-swift.md): a separate package that depends on
# this one by path, with its own .build (a cold build compiles HingeCheck's libraries again, so it
# is not part of `make test`).
example-plugin: deps
	cd docs/examples/swift-analyzer && $(SWIFT) build && $(SWIFT) test

# The man page comes from the command definitions (swift-argument-parser's generate-manual
# plugin, offline). The plugin builds every product first; in debug mode that is the build
# `make test` does anyway (a release build without --static-swift-stdlib would compile
# everything again: the flag changes the compile commands too).
static: deps
	$(SWIFT) package plugin generate-manual --configuration debug
	$(SWIFT) build -c release --static-swift-stdlib --product hingecheck

# PREFIX-relative tree: bin/, share/man/man1, share/{bash-completion,zsh,fish} completions,
# share/hingecheck/ (the model installer, found by `hingecheck models install`), share/doc.
stage: static
	rm -rf $(STAGE)
	install -d $(STAGE)/bin $(STAGE)/share/man/man1 $(STAGE)/share/hingecheck $(STAGE)/share/doc/hingecheck \
	  $(STAGE)/share/bash-completion/completions $(STAGE)/share/zsh/site-functions $(STAGE)/share/fish/vendor_completions.d
	install -m 755 .build/release/hingecheck $(STAGE)/bin/hingecheck
	strip $(STAGE)/bin/hingecheck
	install -m 644 $(MANUAL) $(STAGE)/share/man/man1/hingecheck.1
	$(STAGE)/bin/hingecheck --generate-completion-script bash > $(STAGE)/share/bash-completion/completions/hingecheck
	$(STAGE)/bin/hingecheck --generate-completion-script zsh  > $(STAGE)/share/zsh/site-functions/_hingecheck
	$(STAGE)/bin/hingecheck --generate-completion-script fish > $(STAGE)/share/fish/vendor_completions.d/hingecheck.fish
	install -m 755 Shims/models/install-models.sh $(STAGE)/share/hingecheck/install-models.sh
	install -m 644 Shims/models/convert_blazepose.py $(STAGE)/share/hingecheck/convert_blazepose.py
	install -m 644 Shims/models/README.md $(STAGE)/share/doc/hingecheck/models.md
	install -m 644 README.md $(STAGE)/share/doc/hingecheck/README.md
	install -m 644 docs/batch.md docs/install.md $(STAGE)/share/doc/hingecheck/

install: stage
	install -d $(DESTDIR)$(PREFIX)
	cp -R $(STAGE)/. $(DESTDIR)$(PREFIX)/
	@echo "==> installed hingecheck $(VERSION) under $(DESTDIR)$(PREFIX)"

dist: stage
	@mkdir -p out
	tar -C .build/dist --owner=0 --group=0 -czf out/$(DIST_NAME).tar.gz $(DIST_NAME)
	@echo "==> out/$(DIST_NAME).tar.gz"

# Unpacks the tarball into an empty prefix and runs it without the toolchain (docs/install.md).
test-dist: dist
	bash Benchmarks/install/test_dist.sh out/$(DIST_NAME).tar.gz

clean:
	rm -rf .build out
