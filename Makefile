# Refund pipeline: operator targets. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8080
STAGE ?= dev
# What deploys: native (provided.al2023, the template's default) or java21 (the JVM jar with SnapStart).
RUNTIME ?= native
# The stage's template parameters (infra/stages/$(STAGE).params, Key=Value lines); a stage without a file gets the
# template's defaults.
STAGE_PARAMS = $(shell grep -vE '^\s*(#|$$)' infra/stages/$(STAGE).params 2>/dev/null)

# Maven and Quarkus need JDK 21+. Use JAVA_HOME or the default java when new enough, otherwise the newest
# JDK 21+ under /usr/lib/jvm (Debian keeps 17 as the default and newer ones beside it).
JDK := $(shell for j in "$$JAVA_HOME" "$$(dirname "$$(dirname "$$(readlink -f "$$(command -v java)" 2>/dev/null)")")" \
	$$(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do \
	  j="$${j%/}"; [ -n "$$j" ] && [ -x "$$j/bin/javac" ] || continue; \
	  v=$$("$$j/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $$2}'); \
	  [ "$${v%%.*}" -ge 21 ] 2>/dev/null && { echo "$$j"; break; }; \
	done)
export JAVA_HOME := $(JDK)
export PATH := $(JDK)/bin:$(PATH)
MVNW := ./mvnw -B -ntp

STACK_JAR := infra/local-stack/target/refund-local-stack.jar
FUNCTIONS_ZIP := functions/target/function.zip

.PHONY: help jdk browser build test format mutation run webhook-event parcel-event replacement-event bench cold-start chaos package native native-sources deploy outputs logs destroy clean figures-export

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

jdk:
	@if [ -z "$(JDK)" ]; then \
	  echo "No JDK 21 or newer found (checked JAVA_HOME, the default java and /usr/lib/jvm)." >&2; \
	  echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME." >&2; exit 1; fi
	@echo "Using JDK at $(JDK)"

build: jdk ## Compile and package the functions and the local stack (no tests)
	$(MVNW) -DskipTests package

test: jdk browser ## Run every test: unit, function (DynamoDB Local + ElasticMQ), local-stack and browser tests
	$(MVNW) verify

format: jdk ## Format the Java sources with palantir-java-format (Spotless); make test checks it
	$(MVNW) spotless:apply

mutation: jdk ## Mutation-test the pure core (domain, amount, policy) with PIT; report in functions/target/pit-reports
	$(MVNW) -pl functions -am test-compile org.pitest:pitest-maven:mutationCoverage

# The console's browser tests drive Debian's chromium through chromium-driver (fonts-noto-cjk draws the Chinese).
BROWSER_PACKAGES := chromium chromium-driver fonts-noto-cjk
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing the browser for the console's tests: $(BROWSER_PACKAGES)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BROWSER_PACKAGES); \
	else echo "The console's browser tests need Debian's packages $(BROWSER_PACKAGES);" \
	  "install them (apt-get install $(BROWSER_PACKAGES)) or run make test as root." >&2; exit 1; fi

run: jdk ## Start the whole pipeline locally (PORT=8080, DATA_DIR= to keep data, STACK_ARGS= e.g. --param K=V)
	@[ -f $(STACK_JAR) ] && [ -f $(FUNCTIONS_ZIP) ] || $(MVNW) -q -DskipTests package
	$(JDK)/bin/java -XX:TieredStopAtLevel=1 -jar $(STACK_JAR) --port $(PORT) $(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(STACK_ARGS)

webhook-event: jdk ## Send make run's payout-webhook a signed Stripe event (CASE=rc_... TYPE=refund.updated STATUS= SIGNATURE=bad|none)
	@[ -n "$(CASE)" ] || { echo "Give the case: make webhook-event CASE=rc_... [TYPE=refund.updated]" >&2; exit 2; }
	@[ -f $(STACK_JAR) ] || $(MVNW) -q -DskipTests package
	@$(JDK)/bin/java -cp $(STACK_JAR) com.refundpipeline.localstack.SendWebhook --case $(CASE) \
	  --type $(or $(TYPE),refund.updated) $(if $(STATUS),--status $(STATUS)) $(if $(SIGNATURE),--signature $(SIGNATURE)) \
	  $(if $(filter command line environment,$(origin PORT)),--port $(PORT)) $(if $(ATTEMPT),--attempt $(ATTEMPT))

parcel-event: jdk ## Move a return parcel in make run's stack (TRACKING=SBX... STATUS=in_transit|delivered SIGNATURE=bad)
	@[ -n "$(TRACKING)" ] || { echo "Give the tracking code: make parcel-event TRACKING=SBX... [STATUS=delivered]" >&2; exit 2; }
	@[ -f $(STACK_JAR) ] || $(MVNW) -q -DskipTests package
	@$(JDK)/bin/java -cp $(STACK_JAR) com.refundpipeline.localstack.SendParcelEvent --tracking $(TRACKING) \
	  --status $(or $(STATUS),in_transit) $(if $(SIGNATURE),--signature $(SIGNATURE)) \
	  $(if $(filter command line environment,$(origin PORT)),--port $(PORT))

replacement-event: jdk ## Answer a replacement as the store would (CASE=rc_... STATUS=shipped|out_of_stock SIGNATURE=bad); GET /store-events lists the requests
	@[ -n "$(CASE)" ] || { echo "Give the case: make replacement-event CASE=rc_... [STATUS=out_of_stock]" >&2; exit 2; }
	@[ -f $(STACK_JAR) ] || $(MVNW) -q -DskipTests package
	@$(JDK)/bin/java -cp $(STACK_JAR) com.refundpipeline.localstack.SendStoreAnswer --case $(CASE) \
	  --status $(or $(STATUS),shipped) $(if $(SIGNATURE),--signature $(SIGNATURE)) \
	  $(if $(filter command line environment,$(origin PORT)),--port $(PORT))

bench: jdk ## Measure latency, throughput, calls and cost per refund on the local stack (BENCH_ARGS=--quick)
	@[ -f $(FUNCTIONS_ZIP) ] && unzip -l $(STACK_JAR) 2>/dev/null | grep -q 'bench/Bench.class' \
	  || $(MVNW) -q -DskipTests package
	$(JDK)/bin/java --enable-native-access=ALL-UNNAMED \
	  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
	  -cp $(STACK_JAR) com.refundpipeline.localstack.bench.Bench $(BENCH_ARGS)

cold-start: jdk ## Time each function's cold start (process to first answer), the JVM start-ups compared (COLD_ARGS=--rounds 3)
	@[ -f $(FUNCTIONS_ZIP) ] && unzip -l $(STACK_JAR) 2>/dev/null | grep -q 'bench/ColdStartBench.class' \
	  || $(MVNW) -q -DskipTests package
	$(JDK)/bin/java --enable-native-access=ALL-UNNAMED \
	  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
	  -cp $(STACK_JAR) com.refundpipeline.localstack.bench.ColdStartBench $(COLD_ARGS)

chaos: jdk ## Inject faults while cases run, audit the result, write docs/chaos.md (CHAOS_ARGS=--cases N --seed S)
	@[ -f $(FUNCTIONS_ZIP) ] && unzip -l $(STACK_JAR) 2>/dev/null | grep -q 'chaos/ChaosRun.class' \
	  || $(MVNW) -q -DskipTests package
	$(JDK)/bin/java --enable-native-access=ALL-UNNAMED \
	  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
	  -cp $(STACK_JAR) com.refundpipeline.localstack.chaos.ChaosRun $(CHAOS_ARGS)

package: jdk ## Build function.zip for RUNTIME=native|java21 and package the template (S3 upload needs an AWS account)
	@case "$(RUNTIME)" in \
	  native) $(MAKE) --no-print-directory native ;; \
	  java21) $(MVNW) -DskipTests package ;; \
	  *) echo "RUNTIME must be native or java21, not '$(RUNTIME)'." >&2; exit 1 ;; \
	esac
	@echo "Artifact: $(FUNCTIONS_ZIP) ($(RUNTIME))  Template: infra/template.yaml"
	@if command -v sam >/dev/null; then sam validate --lint -t infra/template.yaml; fi
	@if ! aws sts get-caller-identity >/dev/null 2>&1; then \
	  echo "No AWS credentials: stopping before 'cloudformation package', which uploads to S3." >&2; exit 0; fi; \
	aws cloudformation package --template-file infra/template.yaml --s3-bucket "$${ARTIFACT_BUCKET:?set ARTIFACT_BUCKET}" \
	  --output-template-file infra/target/packaged.yaml

# Lambda runs the functions on arm64 (Graviton): build there with GraalVM, or in a linux/arm64 builder container
# (on an x86 host that needs qemu's binfmt emulation, as docker buildx does).
native: jdk ## Build the native executable for arm64 Lambda (GraalVM on arm64, or Docker/Podman)
	@if [ "$$(uname -m)" = aarch64 ] && command -v native-image >/dev/null; then \
	  $(MVNW) -DskipTests -Dnative package; \
	elif docker info >/dev/null 2>&1 || podman info >/dev/null 2>&1; then \
	  $(MVNW) -DskipTests -Dnative -Dquarkus.native.container-build=true \
	    -Dquarkus.native.container-runtime-options=--platform=linux/arm64 package; \
	else echo "The native build needs GraalVM's native-image on an arm64 machine, or a running Docker/Podman;" \
	  "none found here. To package the JVM build instead: make package RUNTIME=java21" >&2; exit 1; fi

# Everything of the native build this machine can run: Quarkus's native build up to the native-image call
# (reflection and resource registration, build-time initialisation, the native-image arguments), with a stand-in for
# native-image (functions/src/native-check/bin; Quarkus's native-sources package type is refused by its Lambda
# extension), then a check that every class the code reads or writes as JSON is registered for reflection
# (NativeSourcesCheck, JDK 24+). The native executable itself is built by `make native` or
# .github/workflows/native.yml. The JVM function.zip is kept: the stand-in's placeholder never replaces it.
native-sources: jdk ## Run the native build up to native-image and check its reflection registrations
	@[ -f $(FUNCTIONS_ZIP) ] && cp $(FUNCTIONS_ZIP) $(FUNCTIONS_ZIP).jvm || rm -f $(FUNCTIONS_ZIP).jvm
	@status=0; $(MVNW) -pl functions -am -DskipTests -Dnative \
	  -Dquarkus.native.graalvm-home=$(CURDIR)/functions/src/native-check package || status=$$?; \
	if [ -f $(FUNCTIONS_ZIP).jvm ]; then mv $(FUNCTIONS_ZIP).jvm $(FUNCTIONS_ZIP); else rm -f $(FUNCTIONS_ZIP); fi; \
	exit $$status
	$(JDK)/bin/java functions/src/native-check/java/com/refundpipeline/nativecheck/NativeSourcesCheck.java \
	  functions/target

deploy: package ## Deploy STAGE=dev|staging|prod RUNTIME=native|java21 (needs an AWS account)
	@aws sts get-caller-identity >/dev/null 2>&1 || { echo "No AWS credentials: cannot deploy. Configure a profile" \
	  "(aws configure) or AWS_* variables for the target account, then run make deploy again." >&2; exit 1; }
	@if command -v sam >/dev/null; then \
	  sam deploy -t infra/template.yaml --stack-name refunds-$(STAGE) \
	    --parameter-overrides Stage=$(STAGE) FunctionRuntime=$(RUNTIME) $(STAGE_PARAMS) \
	    --capabilities CAPABILITY_IAM --resolve-s3; \
	else aws cloudformation deploy --template-file infra/target/packaged.yaml --stack-name refunds-$(STAGE) \
	    --parameter-overrides Stage=$(STAGE) FunctionRuntime=$(RUNTIME) $(STAGE_PARAMS) \
	    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND; fi

outputs: ## Show the deployed stack's URLs and names (STAGE=...)
	aws cloudformation describe-stacks --stack-name refunds-$(STAGE) --query 'Stacks[0].Outputs' --output table

logs: ## Tail a function's logs: FUNCTION=submit-refund STAGE=...
	aws logs tail /aws/lambda/refunds-$(STAGE)-$${FUNCTION:?set FUNCTION, e.g. submit-refund} --follow

destroy: ## Delete the stack STAGE=... (asks first)
	@read -r -p "Delete stack refunds-$(STAGE) and all its data? Type the stage name to confirm: " answer; \
	[ "$$answer" = "$(STAGE)" ] || { echo "Not deleted."; exit 1; }; \
	aws cloudformation delete-stack --stack-name refunds-$(STAGE)

clean: ## Remove build output
	$(MVNW) -q clean

# make fuzz: coverage-guided fuzzing (Jazzer) of every parser of outside input, one JVM per target (Jazzer fuzzes
# one @FuzzTest per run), started directly (fuzz/FuzzMain) rather than through Maven. Findings land under
# functions/src/test/resources/<package>/<Class>Inputs/<method>/ and replay in make test. Logs and the summary of
# inputs run, rate and start-up per target: functions/target/fuzz/.
FUZZ_RUNS ?= 100000
FUZZ_MAX_DURATION ?= 30m
FUZZ_FUNCTION_RUNS ?= 2000
FUZZ_TARGETS ?= submit.SubmitBodyFuzzTest\#submitBody submit.SubmitBodyFuzzTest\#evidenceBody \
	review.ReviewBodyFuzzTest\#decisionBody policy.PolicyReaderFuzzTest\#policyDocument \
	messaging.CaseMessageFuzzTest\#queueMessage followup.EmailSentEventFuzzTest\#emailSentEvent \
	webhook.StripeWebhookFuzzTest\#signatureHeader \
	webhook.StripeWebhookFuzzTest\#signedBody webhook.CarrierWebhookFuzzTest\#easyPostSignature \
	webhook.CarrierWebhookFuzzTest\#trackerEvent webhook.CarrierWebhookFuzzTest\#storeAnswer \
	review.SignedInReviewerFuzzTest\#claims logging.LogLineFuzzTest\#logLine \
	localstack.TemplateReaderFuzzTest\#template
# Jars the parser targets never load (the function-level, IT and local-stack tests' DynamoDB Local, ElasticMQ,
# WireMock, Selenium, the AWS SDK but its regions, ...), left off the fuzzing JVM's class path: Jazzer scans the
# whole class path (every class file of every jar) when it installs its hooks and again for each JDK class it
# re-instruments, and these were 114 of its 205 MB. A target that needs one fails at once with NoClassDefFoundError.
FUZZ_CLASSPATH_DROP := /(org/seleniumhq|org/wiremock|org/apache/pekko|org/scala-lang|org/apache/groovy|io/netty|com/h2database|org/eclipse/jetty|org/elasticmq|org/scalikejdbc|com/amazonaws|com/almworks|com/tngtech/archunit|net/jqwik|io/rest-assured|org/apache/maven|org/mockito|org/apache/httpcomponents|io/opentelemetry|com/google/guava|org/parboiled|org/aesh|com/google/inject|joda-time|com/typesafe|com/github/pureconfig|org/codehaus|org/eclipse/sisu|software/amazon/awssdk)/
# Coverage and the comparison hooks (strings, regex, numbers) in the project's classes only: what the fuzzer
# steers by is our parsers' branches, not Jackson's or the JDK's.
FUZZ_JAZZER_OPTS := -Djazzer.instrumentation_includes='com.refundpipeline.**' -Djazzer.custom_hook_includes='com.refundpipeline.**'

.PHONY: fuzz
fuzz: jdk ## Fuzz every parser of outside input (FUZZ_RUNS=100000 per target, FUZZ_TARGETS='pkg.Class#method ...', FUZZ_FUNCTION_RUNS=0 skips the function level)
	$(MVNW) -q -pl functions -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
	  -Dmdep.outputFile=target/fuzz-classpath-full.txt
	@tr ':' '\n' <functions/target/fuzz-classpath-full.txt \
	  | awk -v drop='$(FUZZ_CLASSPATH_DROP)' '/\/software\/amazon\/awssdk\/regions\// || $$0 !~ drop' \
	  | paste -sd: >functions/target/fuzz-classpath.txt
	@mkdir -p functions/target/fuzz; : > functions/target/fuzz/summary.txt
	@cd functions && for target in $(FUZZ_TARGETS); do \
	  start=$$(date +%s); log=target/fuzz/$${target//[#.]/_}.log; \
	  echo "fuzzing $$target (up to $(FUZZ_RUNS) inputs or $(FUZZ_MAX_DURATION))..."; \
	  JAZZER_FUZZ=1 $(JDK)/bin/java -Xmx2g -XX:+EnableDynamicAgentLoading \
	    -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Djazzer.internal.basedir=$$(pwd) \
	    -Djazzer.max_executions=$(FUZZ_RUNS) -Djazzer.max_duration=$(FUZZ_MAX_DURATION) $(FUZZ_JAZZER_OPTS) \
	    -cp target/test-classes:target/classes:$$(cat target/fuzz-classpath.txt) \
	    com.refundpipeline.fuzz.FuzzMain "com.refundpipeline.$$target" >"$$log" 2>&1; rc=$$?; \
	  total=$$(( $$(date +%s) - start )); runs=$$(grep -aoE '^#[0-9]+' "$$log" | tail -1 | tr -d '#'); \
	  fuzzing=$$(grep -aoE '^Done [0-9]+ runs in [0-9]+ second' "$$log" | grep -oE '[0-9]+ second' | grep -oE '[0-9]+'); \
	  rate=$$( [ -n "$$fuzzing" ] && [ "$$fuzzing" -gt 0 ] && echo "$$(( $${runs:-0} / fuzzing ))/s" || echo "?/s"); \
	  line="$$target: $${runs:-?} inputs in $${fuzzing:-?} s fuzzing ($$rate), $$total s with start-up, load $$(cut -d' ' -f1-3 /proc/loadavg): $$( [ $$rc = 0 ] && echo ok || echo "FAILED (functions/$$log)")"; \
	  echo "$$line" | tee -a target/fuzz/summary.txt; \
	done
	@if [ "$(FUZZ_FUNCTION_RUNS)" = 0 ]; then echo "function level: skipped (FUZZ_FUNCTION_RUNS=0)"; else \
	echo "function level: submit-refund and payout-webhook, $(FUZZ_FUNCTION_RUNS) generated requests each"; \
	start=$$(date +%s); $(MVNW) -pl functions -am test -Dtest='SubmitRefundFuzzTest,PayoutWebhookFuzzTest' \
	  -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.function.runs=$(FUZZ_FUNCTION_RUNS) \
	  >functions/target/fuzz/function-level.log 2>&1 \
	  && echo "function level: ok in $$(( $$(date +%s) - start )) s" | tee -a functions/target/fuzz/summary.txt \
	  || echo "function level: FAILED (functions/target/fuzz/function-level.log)" | tee -a functions/target/fuzz/summary.txt; fi
	@! grep -q FAILED functions/target/fuzz/summary.txt

figures-export: ## Export the cases table to S3 for Athena (STAGE=...; incremental after the first full export)
	@if ! aws sts get-caller-identity >/dev/null 2>&1; then \
	  echo "No AWS credentials: figures-export starts an export in the deployed stack (docs/figures.md)." >&2; exit 1; fi
	@stack=refunds-$(STAGE); \
	table_arn=$$(aws dynamodb describe-table --table-name refunds-$(STAGE)-cases --query Table.TableArn --output text) && \
	bucket=$$(aws cloudformation describe-stacks --stack-name $$stack \
	  --query "Stacks[0].Outputs[?OutputKey=='FiguresExportBucketName'].OutputValue" --output text) && \
	last=$$(aws dynamodb list-exports --table-arn $$table_arn --query "sort_by(ExportSummaries[?ExportStatus=='COMPLETED'], &ExportArn)[-1].ExportArn" --output text); \
	if [ -z "$$last" ] || [ "$$last" = "None" ]; then \
	  echo "First export of $$table_arn: full"; \
	  aws dynamodb export-table-to-point-in-time --table-arn $$table_arn --s3-bucket $$bucket \
	    --s3-prefix exports/cases --export-format DYNAMODB_JSON --export-type FULL_EXPORT; \
	else \
	  from=$$(aws dynamodb describe-export --export-arn $$last --query 'ExportDescription.[IncrementalExportSpecification.ExportToTime, ExportTime]' --output text | awk '{print ($$1 != "None" ? $$1 : $$2)}'); \
	  to=$$(date -u -d "$$from + 24 hours" +%s); now=$$(date -u +%s); [ $$to -gt $$now ] && to=$$now; \
	  to=$$(date -u -d @$$to +%Y-%m-%dT%H:%M:%SZ); \
	  echo "Incremental export of $$table_arn from $$from to $$to (at most 24 hours each: run again to catch up)"; \
	  aws dynamodb export-table-to-point-in-time --table-arn $$table_arn --s3-bucket $$bucket \
	    --s3-prefix exports/cases --export-format DYNAMODB_JSON --export-type INCREMENTAL_EXPORT \
	    --incremental-export-specification ExportFromTime=$$from,ExportToTime=$$to,ExportViewType=NEW_AND_OLD_IMAGES; \
	fi
