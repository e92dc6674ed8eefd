# The two commands of the README, and the pieces they are made of.
.PHONY: demo test bench docs bootstrap clean

demo:  ## run demo/demo.yml against the bundled simulator (sets everything up itself)
	bash demo/run.sh

test:  ## the whole test suite, as CI runs it; ends with "N passed, M failed"
	bash scripts/test.sh

bench:  ## the benchmark against uri playbooks and the lower bound (about 30 min); figures, chart and tables in docs/
	bash scripts/bench.sh

docs:  ## build the HTML docs site (modules, plugins, roles, guides) into .work/docs/build/html
	bash scripts/bootstrap.sh tools && bash scripts/collection-tree.sh > /dev/null && bash scripts/docs.sh

bootstrap:  ## only set up .work/ (virtualenvs, Pythons for ansible-test)
	bash scripts/bootstrap.sh

clean:
	rm -rf .work tests/output
