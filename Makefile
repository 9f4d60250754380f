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

.PHONY: help jdk build test run webhook-event bench package native deploy outputs logs destroy clean figures-export

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

jdk:
	@if [ -z "$(JDK)" ]; then \
	  echo "No JDK 21 or newer found (checked JAVA_HOME, the default java and /usr/lib/jvm)." >&2; \
	  echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME." >&2; exit 1; fi
	@echo "Using JDK at $(JDK)"

build: jdk ## Compile and package the functions and the local stack (no tests)
	$(MVNW) -DskipTests package

test: jdk ## Run every test: unit, function (DynamoDB Local + ElasticMQ) and local-stack integration tests
	$(MVNW) verify

run: jdk ## Start the whole pipeline locally (PORT=8080, DATA_DIR= to keep data, STACK_ARGS= e.g. --param K=V)
	@[ -f $(STACK_JAR) ] && [ -f $(FUNCTIONS_ZIP) ] || $(MVNW) -q -DskipTests package
	$(JDK)/bin/java -XX:TieredStopAtLevel=1 -jar $(STACK_JAR) --port $(PORT) $(if $(DATA_DIR),--data-dir $(DATA_DIR)) $(STACK_ARGS)

webhook-event: jdk ## Send make run's payout-webhook a signed Stripe event (CASE=rc_... TYPE=refund.updated STATUS= SIGNATURE=bad|none)
	@[ -n "$(CASE)" ] || { echo "Give the case: make webhook-event CASE=rc_... [TYPE=refund.updated]" >&2; exit 2; }
	@[ -f $(STACK_JAR) ] || $(MVNW) -q -DskipTests package
	@$(JDK)/bin/java -cp $(STACK_JAR) com.refundpipeline.localstack.SendWebhook --case $(CASE) \
	  --type $(or $(TYPE),refund.updated) $(if $(STATUS),--status $(STATUS)) $(if $(SIGNATURE),--signature $(SIGNATURE)) \
	  $(if $(filter command line environment,$(origin PORT)),--port $(PORT)) $(if $(ATTEMPT),--attempt $(ATTEMPT))

bench: jdk ## Measure latency, throughput, calls and cost per refund on the local stack (BENCH_ARGS=--quick)
	@[ -f $(FUNCTIONS_ZIP) ] && unzip -l $(STACK_JAR) 2>/dev/null | grep -q 'bench/Bench.class' \
	  || $(MVNW) -q -DskipTests package
	$(JDK)/bin/java --enable-native-access=ALL-UNNAMED \
	  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
	  -cp $(STACK_JAR) com.refundpipeline.localstack.bench.Bench $(BENCH_ARGS)

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
