package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AkashSdlTest {
  private static final String WEB =
      """
      version: "2.0"
      services:
        web:
          image: nginx:1.27
          env:
            - GREETING=hello=world
            - EMPTY=
          expose:
            - port: 80
              to:
                - global: true
      profiles:
        compute:
          web:
            resources:
              cpu:
                units: "500m"
              memory:
                size: 1Gi
              storage:
                size: 10G
        placement:
          eu:
            attributes:
              region: eu-west
              tier: premium
              datacenter: fra1
            pricing:
              web:
                denom: uakt
                amount: 100
      deployment:
        web:
          eu:
            profile: web
            count: 1
      """;

  private static JobSpec onlyJob(String yaml) {
    SdlImport result = AkashSdl.translate(yaml);
    assertThat(result.refusals()).isEmpty();
    assertThat(result.jobs()).hasSize(1);
    return result.jobs().getFirst();
  }

  private static SdlRefusal onlyRefusal(String yaml) {
    SdlImport result = AkashSdl.translate(yaml);
    assertThat(result.jobs()).isEmpty();
    assertThat(result.refusals()).hasSize(1);
    return result.refusals().getFirst();
  }

  @Test
  void cpuInMillicoresIsRead() {
    assertThat(onlyJob(WEB).resources().cpuMillis()).isEqualTo(500);
  }

  @Test
  void fractionalCpuUnitsAreRead() {
    assertThat(onlyJob(WEB.replace("\"500m\"", "0.25")).resources().cpuMillis()).isEqualTo(250);
  }

  @Test
  void decimalStorageIsRoundedUpToWholeMebibytes() {
    assertThat(onlyJob(WEB).resources().diskMib()).isEqualTo(9_537);
  }

  @Test
  void binaryMemoryUnitsAreExact() {
    assertThat(onlyJob(WEB.replace("size: 1Gi", "size: 512Mi")).resources().memoryMib())
        .isEqualTo(512);
  }

  @Test
  void anUnreadableSizeIsRefusedNamingTheField() {
    SdlRefusal refusal = onlyRefusal(WEB.replace("size: 1Gi", "size: lots"));

    assertThat(refusal.feature()).isEqualTo("profiles.compute.web.resources.memory.size");
  }

  @Test
  void envEntriesSplitAtTheFirstEqualsSign() {
    ContainerWorkload workload = (ContainerWorkload) onlyJob(WEB).workload();

    assertThat(workload.env()).containsEntry("GREETING", "hello=world").containsEntry("EMPTY", "");
  }

  @Test
  void anEnvEntryWithoutEqualsSignIsSetEmptyAndNoted() {
    SdlImport result = AkashSdl.translate(WEB.replace("- EMPTY=", "- FLAG"));

    assertThat(((ContainerWorkload) result.jobs().getFirst().workload()).env())
        .containsEntry("FLAG", "");
    assertThat(result.notes()).anySatisfy(n -> assertThat(n).startsWith("services.web.env[1]:"));
  }

  @Test
  void anInvalidEnvNameIsRefused() {
    SdlRefusal refusal = onlyRefusal(WEB.replace("- EMPTY=", "- MY-VAR=1"));

    assertThat(refusal.feature()).isEqualTo("services.web.env");
    assertThat(refusal.reason()).contains("is not a variable name");
  }

  @Test
  void regionTierAndOtherAttributesBecomePlacement() {
    Placement placement = onlyJob(WEB).placement();

    assertThat(placement.regions()).containsExactly("eu-west");
    assertThat(placement.tier()).isEqualTo(SlaTier.PREMIUM);
    assertThat(placement.attributes()).containsExactlyEntriesOf(Map.of("datacenter", "fra1"));
  }

  @Test
  void attributesWrittenAsAKeyValueListAreReadToo() {
    String yaml =
        WEB.replace(
            "      region: eu-west\n        tier: premium\n        datacenter: fra1\n",
            "      - key: region\n          value: us-west\n");

    assertThat(onlyJob(yaml).placement().regions()).containsExactly("us-west");
  }

  @Test
  void perBlockPricesBecomeAnHourlyPriceAndADayOfDeposit() {
    assertThat(onlyJob(WEB).pricing()).isEqualTo(new Pricing(0, 60_000, 1_440_000));
  }

  @Test
  void anUnknownDenominationIsRefused() {
    SdlRefusal refusal = onlyRefusal(WEB.replace("denom: uakt", "denom: btc"));

    assertThat(refusal.feature()).isEqualTo("profiles.placement.eu.pricing.web.denom");
  }

  @Test
  void replicasBecomeOneJobEach() {
    SdlImport result = AkashSdl.translate(WEB.replace("count: 1", "count: 3"));

    assertThat(result.jobs()).extracting(JobSpec::name).containsExactly("web-1", "web-2", "web-3");
  }

  @Test
  void tooManyReplicasAreRefused() {
    SdlRefusal refusal = onlyRefusal(WEB.replace("count: 1", "count: 50"));

    assertThat(refusal.feature()).isEqualTo("deployment.web.eu.count");
    assertThat(refusal.reason()).contains("at most 16");
  }

  @Test
  void amdGpusAreRefusedNamingTheVendor() {
    String yaml =
        WEB.replace(
            "        storage:\n",
            """
                    gpu:
                      units: 1
                      attributes:
                        vendor:
                          amd:
                            - model: mi300x
                    storage:
            """);

    SdlRefusal refusal = onlyRefusal(yaml);

    assertThat(refusal.feature())
        .isEqualTo("profiles.compute.web.resources.gpu.attributes.vendor.amd");
  }

  @Test
  void linkedServicesAreRefusedBecauseJobsDoNotNetworkWithEachOther() {
    String yaml =
        WEB.replace(
                "          - global: true\n", "          - global: true\n          - service: db\n")
            .replace(
                "profiles:\n",
                "  db:\n    image: postgres:17\n    expose:\n      - port: 5432\n"
                    + "        to:\n          - service: web\nprofiles:\n")
            .replace(
                "deployment:\n",
                "deployment:\n  db:\n    eu:\n      profile: web\n      count: 1\n");

    SdlImport result = AkashSdl.translate(yaml);

    assertThat(result.jobs()).isEmpty();
    assertThat(result.refusals())
        .extracting(SdlRefusal::feature)
        .containsExactly("services.web.expose[0].to.service", "services.db.expose[0].to.service");
  }

  @Test
  void independentServicesBecomeSeparateJobs() {
    String yaml =
        WEB.replace(
                "profiles:\n",
                "  worker:\n    image: busybox:1.37\n    command: [sleep, infinity]\nprofiles:\n")
            .replace(
                "deployment:\n",
                "deployment:\n  worker:\n    eu:\n      profile: web\n      count: 1\n");

    SdlImport result = AkashSdl.translate(yaml);

    assertThat(result.refusals()).isEmpty();
    assertThat(result.jobs()).extracting(JobSpec::name).containsExactly("worker", "web");
  }

  @Test
  void aLinkToAServiceThatIsNotDeployedIsDroppedWithANote() {
    SdlImport result =
        AkashSdl.translate(
            WEB.replace(
                "          - global: true\n",
                "          - global: true\n          - service: ghost\n"));

    assertThat(result.refusals()).isEmpty();
    assertThat(result.notes())
        .anySatisfy(
            n ->
                assertThat(n).startsWith("services.web.expose[0].to.service:").contains("dropped"));
  }

  @Test
  void serviceNamesAreMadeIntoValidJobNames() {
    String yaml = WEB.replace("web", "My_Web");

    assertThat(onlyJob(yaml).name()).isEqualTo("my-web");
  }

  @Test
  void anUnsupportedVersionIsRefused() {
    assertThat(onlyRefusal(WEB.replace("\"2.0\"", "\"1.0\"")).feature()).isEqualTo("version");
  }

  @Test
  void brokenYamlIsRefusedNotThrown() {
    assertThat(onlyRefusal("services: [\n").reason()).startsWith("not valid YAML");
  }

  @Test
  void privateRegistryCredentialsAreRefused() {
    String yaml =
        WEB.replace(
            "    image: nginx:1.27\n",
            "    image: nginx:1.27\n    credentials:\n      host: ghcr.io\n");

    assertThat(onlyRefusal(yaml).feature()).isEqualTo("services.web.credentials");
  }

  @Test
  void importedServicesMayUseTheNetworkAsOnAkash() {
    JobSpec job = onlyJob(WEB);

    assertThat(job.network()).isTrue();
    assertThat(job.units()).isNull();
    assertThat(job.expose()).isEqualTo(List.of(new ExposedPort(80, true)));
  }
}
