# Two commands matter: `make test` and `make lab`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# JupyterLab refuses to run as root unless told; our CI machines run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: test lab docs bench exercises notebooks clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Two workers; whole files per worker, since a notebook's cells share one kernel.
test: $(INSTALLED)
	$(BIN)/python -m pytest -n 2 --dist loadfile

# Rooted at the repository, so exercises/ is one click away; opens on notebooks/.
lab: $(INSTALLED)
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser $(ROOT_FLAG) \
		--ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

# The course website, served at http://127.0.0.1:8000 (rebuilt on every save).
docs: $(INSTALLED)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(INSTALLED)
	$(BIN)/python -m benchmarks

# Regenerate the student stubs in exercises/ from solutions/.
exercises: $(INSTALLED)
	$(BIN)/python -m course_tools.exercises

# Run every notebook and save it with its outputs (what nbval then compares against).
notebooks: $(INSTALLED)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache site .cache
