# The two commands of the README, the layers of the test suite, and the pieces they are made of.
.PHONY: demo test check sanity units integration reliability eda lint bench docs bootstrap clean

demo:  ## run demo/demo.yml against the bundled simulator (sets everything up itself)
	bash demo/run.sh

test:  ## the whole test suite, as CI runs it; ends with "N passed, M failed"
	bash scripts/test.sh

check:  ## the fast loop while developing: units and lint on the newest ansible-core line
	bash scripts/test.sh --newest units lint

sanity:  ## ansible-test sanity on every tested ansible-core line
	bash scripts/test.sh sanity

units:  ## ansible-test units on every tested ansible-core line
	bash scripts/test.sh units

integration:  ## ansible-test integration (every target against the simulator) on the newest and the oldest line
	bash scripts/test.sh integration

reliability:  ## the reliability suite: faults, bad input, TLS, Hypothesis, fleets under the rate limit, secrets
	bash scripts/test.sh --newest reliability

eda:  ## the event sources against the simulator, and the shipped rulebooks run by a real ansible-rulebook
	bash scripts/test.sh --newest eda

lint:  ## yamllint, ruff (with its complexity checks), mypy, ansible-lint
	bash scripts/test.sh --newest lint

bench:  ## the benchmark against uri playbooks and the lower bound (about 30 min); figures, chart and tables in docs/
	bash scripts/bench.sh

docs:  ## build the HTML docs site (modules, plugins, roles, guides) into .work/docs/build/html
	bash scripts/bootstrap.sh docs && bash scripts/collection-tree.sh > /dev/null && bash scripts/docs.sh

bootstrap:  ## only set up .work/ (virtualenvs, Pythons for ansible-test)
	bash scripts/bootstrap.sh

clean:
	rm -rf .work tests/output
