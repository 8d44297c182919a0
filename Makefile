# HingeCheck — the two commands of the README:
#   make demo   install what is missing, build (release), analyse a sample video, write a report
#   make test   install what is missing, build, run every test
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

.PHONY: demo test deps models build release clean

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

clean:
	rm -rf .build out
