package io.gridwork.node.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gridwork.api.AccountInfo;
import io.gridwork.api.BlockEvent;
import io.gridwork.api.BlockInfo;
import io.gridwork.api.NodeStatus;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.client.SubmitResult;
import io.gridwork.node.HttpProbe;
import io.gridwork.node.Node;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API of one real node on a loopback port, driven through the Java client and raw HTTP. Each
 * test sends from its own genesis account so tests do not share nonces.
 */
class NodeApiTest {
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(20);

  @TempDir static Path dataDir;
  static Node node;
  static GridworkClient client;
  static HttpProbe http;

  private final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);

  @BeforeAll
  static void startNode() {
    node = Node.start(TestChain.config(dataDir).withMaxBatchTxs(50), TestChain.genesis());
    client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
    http = new HttpProbe(node.apiPort());
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static KeyPair sender(int i) {
    return TestChain.user(i);
  }

  private static KeyPair receiver() {
    return TestKeys.key("receiver-" + System.nanoTime());
  }

  @Test
  void aCommittedTransferMovesBalances() {
    KeyPair from = sender(0);
    KeyPair to = receiver();
    SignedTransaction tx = txs.transfer(from, to.address(), 2_500_000);

    SubmitResult submitted = client.submit(tx);
    TxStatus status = client.awaitCommitted(tx.hash(), COMMIT_TIMEOUT);

    assertThat(submitted).isEqualTo(new SubmitResult.Accepted(tx.hash()));
    assertThat(status.commit().ok()).isTrue();
    assertThat(status.tx().kind()).isEqualTo("transfer");
    assertThat(client.account(to.address()))
        .get()
        .extracting(AccountInfo::balance, AccountInfo::balanceText)
        .containsExactly(2_500_000L, "2.5GRID");
    AccountInfo sender = client.account(from.address()).orElseThrow();
    assertThat(sender.balance())
        .isEqualTo(TestChain.FUNDS - 2_500_000 - status.commit().feeCharged());
    assertThat(sender.nonce()).isEqualTo(1);
  }

  @Test
  void aBatchIsAnsweredPerTransactionAndCommitted() {
    KeyPair from = sender(1);
    List<SignedTransaction> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(txs.transfer(from, receiver().address(), 1_000));
    }

    List<SubmitResult> results = client.submitBatch(batch);

    assertThat(results).allMatch(SubmitResult::accepted);
    for (SignedTransaction tx : batch) {
      assertThat(client.awaitCommitted(tx.hash(), COMMIT_TIMEOUT).commit().ok()).isTrue();
    }
  }

  @Test
  void aBatchLargerThanTheLimitIsAProblem() {
    byte[][] tooMany = new byte[51][];
    for (int i = 0; i < tooMany.length; i++) {
      tooMany[i] = new byte[] {1};
    }

    assertThat(
            catchThrowableOfType(GridworkClientException.class, () -> client.submitBatch(tooMany)))
        .extracting(GridworkClientException::code)
        .isEqualTo("BATCH_TOO_LARGE");
  }

  @Test
  void aBinaryBatchIsLengthPrefixedTransactionsAnsweredInOrder() {
    SignedTransaction tx = txs.transfer(sender(9), receiver().address(), 1);
    byte[] encoded = tx.encode();
    byte[] body =
        ByteBuffer.allocate(4 + encoded.length + 4 + 3)
            .putInt(encoded.length)
            .put(encoded)
            .putInt(3)
            .put(new byte[] {1, 2, 3})
            .array();

    HttpProbe.Answer a = http.post("/v1/txs/batch", "application/octet-stream", body);

    assertThat(a.status()).isEqualTo(200);
    JsonNode results = a.json().get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("accepted").asBoolean()).isTrue();
    assertThat(results.get(0).get("hash").asText()).isEqualTo(tx.hash().toHex());
    assertThat(results.get(1).get("code").asText()).isEqualTo("MALFORMED");
  }

  @Test
  void aBinaryBatchWithATruncatedEntryIsAProblem() {
    byte[] body = ByteBuffer.allocate(4 + 3).putInt(100).put(new byte[] {1, 2, 3}).array();

    assertProblem(http.post("/v1/txs/batch", "application/octet-stream", body), 400, "BAD_REQUEST");
  }

  @Test
  void aJsonBatchIsStillAnsweredPerTransaction() {
    SignedTransaction tx = txs.transfer(sender(10), receiver().address(), 1);
    String body = "{\"txs\":[\"" + Base64.getEncoder().encodeToString(tx.encode()) + "\",\"@@\"]}";

    HttpProbe.Answer a = http.post("/v1/txs/batch", "application/json", body.getBytes(UTF_8));

    assertThat(a.status()).isEqualTo(200);
    JsonNode results = a.json().get("results");
    assertThat(results.get(0).get("accepted").asBoolean()).isTrue();
    assertThat(results.get(0).get("hash").asText()).isEqualTo(tx.hash().toHex());
    assertThat(results.get(1).get("code").asText()).isEqualTo("MALFORMED");
  }

  @Test
  void aTransactionIsPendingBeforeItIsCommitted() {
    KeyPair from = sender(2);
    txs.nonce(from, 1);
    SignedTransaction second = txs.transfer(from, receiver().address(), 1);
    txs.nonce(from, 0);
    SignedTransaction first = txs.transfer(from, receiver().address(), 1);
    client.submit(second);

    TxStatus waiting = client.tx(second.hash());
    client.submit(first);

    assertThat(waiting.state()).isEqualTo(TxStatus.State.PENDING);
    assertThat(client.awaitCommitted(second.hash(), COMMIT_TIMEOUT).committed()).isTrue();
  }

  @Test
  void aSenderCannotQueueTransactionsItsBalanceCannotPayTheFeesOf() {
    KeyPair funder = sender(8);
    KeyPair spender = receiver();
    long fee = TxFactory.DEFAULT_FEE;
    client.awaitCommitted(
        client.submit(txs.transfer(funder, spender.address(), 10 * fee)).hash(), COMMIT_TIMEOUT);
    SignedTransaction emptiesAccount = txs.transfer(spender, funder.address(), 9 * fee);
    SignedTransaction cannotPayFee = txs.transfer(spender, funder.address(), 1);

    List<SubmitResult> results = client.submitBatch(List.of(emptiesAccount, cannotPayFee));

    assertThat(results.get(0).accepted()).isTrue();
    assertThat(codeOf(results.get(1))).isEqualTo(RejectCode.INSUFFICIENT_FEE_FUNDS);
    assertThat(client.awaitCommitted(emptiesAccount.hash(), COMMIT_TIMEOUT).commit().ok()).isTrue();
    assertThat(client.tx(cannotPayFee.hash()).state()).isEqualTo(TxStatus.State.UNKNOWN);
  }

  @Test
  void anUnknownTransactionHashIsReportedUnknown() {
    TxStatus status = client.tx(Hash.sha256(new byte[] {42}));

    assertThat(status.state()).isEqualTo(TxStatus.State.UNKNOWN);
  }

  @Test
  void everyAdmissionRefusalReachesTheClientAsACode() {
    KeyPair from = sender(3);
    SignedTransaction ok = txs.transfer(from, receiver().address(), 1);
    client.submit(ok);
    byte[] forgedSig = ok.signature();
    forgedSig[5] ^= 1;
    SignedTransaction forged =
        new SignedTransaction(txs.transfer(from, receiver().address(), 1).tx(), forgedSig);

    assertThat(codeOf(client.submit(new byte[] {1, 2, 3}))).isEqualTo(RejectCode.MALFORMED);
    assertThat(codeOf(client.submit(new byte[70_000]))).isEqualTo(RejectCode.TOO_LARGE);
    assertThat(
            codeOf(
                client.submit(
                    new Transaction(
                            "other", from.publicKey(), 0, 1_000, new Transfer(from.address(), 1))
                        .sign(from))))
        .isEqualTo(RejectCode.WRONG_CHAIN_ID);
    assertThat(codeOf(client.submit(forged))).isEqualTo(RejectCode.BAD_SIGNATURE);
    assertThat(codeOf(client.submit(txs.transfer(TestKeys.key("nobody"), from.address(), 1))))
        .isEqualTo(RejectCode.UNKNOWN_ACCOUNT);
    assertThat(
            codeOf(
                client.submit(
                    new TxFactory(TestChain.CHAIN_ID)
                        .withFee(TestChain.FUNDS * 2)
                        .nonce(from, 5)
                        .transfer(from, from.address(), 1))))
        .isEqualTo(RejectCode.INSUFFICIENT_FEE_FUNDS);
    assertThat(
            codeOf(
                client.submit(
                    new TxFactory(TestChain.CHAIN_ID)
                        .withFee(1)
                        .nonce(from, 5)
                        .transfer(from, from.address(), 1))))
        .isEqualTo(RejectCode.FEE_TOO_LOW);
    assertThat(
            codeOf(
                client.submit(
                    new TxFactory(TestChain.CHAIN_ID)
                        .nonce(from, 5_000)
                        .transfer(from, from.address(), 1))))
        .isEqualTo(RejectCode.NONCE_TOO_FAR_AHEAD);
    assertThat(codeOf(client.submit(ok))).isIn(RejectCode.DUPLICATE, RejectCode.ALREADY_COMMITTED);
    assertThat(
            codeOf(
                client.submit(
                    new TxFactory(TestChain.CHAIN_ID)
                        .nonce(from, 7)
                        .transfer(from, from.address(), 2))))
        .isNull();
    assertThat(
            codeOf(
                client.submit(
                    new TxFactory(TestChain.CHAIN_ID)
                        .nonce(from, 7)
                        .transfer(from, from.address(), 3))))
        .isEqualTo(RejectCode.NONCE_ALREADY_PENDING);
    client.awaitCommitted(ok.hash(), COMMIT_TIMEOUT);
    assertThat(codeOf(client.submit(ok))).isEqualTo(RejectCode.ALREADY_COMMITTED);
    assertThat(
            codeOf(
                client.submit(
                    new TxFactory(TestChain.CHAIN_ID)
                        .nonce(from, 0)
                        .transfer(from, from.address(), 4))))
        .isEqualTo(RejectCode.NONCE_TOO_LOW);
  }

  @Test
  void aRefusalIsAProblemDocumentWithStatusAndCode() {
    HttpProbe.Answer a =
        http.post("/v1/txs", "application/json", "{\"tx\":\"AQID\"}".getBytes(UTF_8));

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.contentType()).startsWith("application/problem+json");
    assertThat(a.json().get("code").asText()).isEqualTo("MALFORMED");
    assertThat(a.json().get("title").asText()).isNotBlank();
    assertThat(a.json().get("detail").asText()).isNotBlank();
    assertThat(a.json().get("status").asInt()).isEqualTo(400);
  }

  @Test
  void rawBytesAreAcceptedAsOctetStream() {
    SignedTransaction tx = txs.transfer(sender(4), receiver().address(), 1);

    HttpProbe.Answer a = http.post("/v1/txs", "application/octet-stream", tx.encode());

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.json().get("hash").asText()).isEqualTo(tx.hash().toHex());
    assertThat(a.json().get("status").asText()).isEqualTo("pending");
  }

  @Test
  void malformedJsonIsAProblem() {
    assertProblem(
        http.post("/v1/txs", "application/json", "{\"tx\":".getBytes(UTF_8)), 400, "BAD_JSON");
  }

  @Test
  void jsonWithoutATxFieldIsAProblem() {
    assertProblem(
        http.post("/v1/txs", "application/json", "[1,2]".getBytes(UTF_8)), 400, "BAD_REQUEST");
  }

  @Test
  void badBase64IsAProblem() {
    assertProblem(
        http.post("/v1/txs", "application/json", "{\"tx\":\"@@not base64@@\"}".getBytes(UTF_8)),
        400,
        "BAD_BASE64");
  }

  @Test
  void anOversizedBodyIsAProblem() {
    assertProblem(
        http.post("/v1/txs", "application/octet-stream", new byte[300_000]), 413, "TOO_LARGE");
  }

  @Test
  void aBadAddressIsAProblem() {
    assertProblem(http.get("/v1/accounts/grid1nonsense"), 400, "BAD_ADDRESS");
  }

  @Test
  void aBadHashIsAProblem() {
    assertProblem(http.get("/v1/txs/xyz"), 400, "BAD_HASH");
  }

  @Test
  void aBadHeightIsAProblem() {
    assertProblem(http.get("/v1/blocks/minus-one"), 400, "BAD_HEIGHT");
    assertProblem(http.get("/v1/blocks/-1"), 400, "BAD_HEIGHT");
    assertProblem(http.get("/v1/events?fromHeight=x"), 400, "BAD_HEIGHT");
  }

  @Test
  void anUnknownRouteIsAProblem() {
    assertProblem(http.get("/v1/nothing/here"), 404, "NOT_FOUND");
  }

  @Test
  void aWrongMethodIsAProblem() {
    assertProblem(http.method("DELETE", "/v1/status"), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void anAccountThatNeverHeldFundsIsEmptyAndA404Problem() {
    KeyPair nobody = TestKeys.key("never-funded");

    assertThat(client.account(nobody.address())).isEmpty();
    assertProblem(http.get("/v1/accounts/" + nobody.address()), 404, "ACCOUNT_NOT_FOUND");
  }

  @Test
  void aFutureBlockIsEmpty() {
    assertThat(client.block(1_000_000)).isEmpty();
  }

  @Test
  void statusReportsTheHeadAndBlocksMatchIt() {
    await().atMost(COMMIT_TIMEOUT).until(() -> client.status().height() >= 2);

    NodeStatus status = client.status();
    BlockInfo block = client.block(status.height()).orElseThrow();
    BlockInfo previous = client.block(status.height() - 1).orElseThrow();

    assertThat(status.chainId()).isEqualTo(TestChain.CHAIN_ID);
    assertThat(block.hash()).isEqualTo(status.latestBlockHash());
    assertThat(block.stateRoot()).isEqualTo(status.stateRoot());
    assertThat(block.previousHash()).isEqualTo(previous.hash());
    assertThat(block.timestampMillis()).isGreaterThan(previous.timestampMillis());
    assertThat(client.latestBlock().height()).isGreaterThanOrEqualTo(status.height());
  }

  @Test
  void aBlockListsItsTransactionsWithResultCodes() {
    SignedTransaction tx = txs.transfer(sender(5), receiver().address(), 1);
    client.submit(tx);
    TxStatus committed = client.awaitCommitted(tx.hash(), COMMIT_TIMEOUT);

    BlockInfo block = client.block(committed.commit().height()).orElseThrow();

    assertThat(block.txs()).contains(new BlockInfo.Tx(tx.hash(), Optional.empty()));
  }

  @Test
  void paramsCarryTheChainIdAndMinimumFee() {
    assertThat(client.params().chainId()).isEqualTo(TestChain.CHAIN_ID);
    assertThat(client.params().minFee()).isEqualTo(1_000);
  }

  @Test
  void aRegisteredProviderIsListed() {
    KeyPair owner = sender(6);
    SignedTransaction reg = txs.registerProvider(owner, "RTX 4090", 2, "eu-west", 200_000_000);
    client.submit(reg);
    assertThat(client.awaitCommitted(reg.hash(), COMMIT_TIMEOUT).commit().code()).isEqualTo("OK");

    ProviderInfo provider = client.provider(owner.address()).orElseThrow();

    assertThat(provider.stake()).isEqualTo(200_000_000);
    assertThat(provider.gpus()).containsExactly(new ProviderInfo.Gpu("RTX 4090", 24_576, 2));
    assertThat(client.providers()).extracting(ProviderInfo::address).contains(owner.address());
    assertThat(client.provider(TestKeys.key("not-a-provider").address())).isEmpty();
  }

  @Test
  @SuppressWarnings("try")
  void theEventStreamResumesFromAHeightWithoutGapsOrRepeats() throws Exception {
    await().atMost(COMMIT_TIMEOUT).until(() -> client.status().height() >= 3);
    long from = 1;
    long target = client.status().height() + 3;
    List<BlockEvent> first = new CopyOnWriteArrayList<>();
    try (AutoCloseable s = client.events(from, first::add)) {
      await().atMost(COMMIT_TIMEOUT).until(() -> first.size() >= 2);
    }
    long resumeAt = first.getLast().height() + 1;
    List<BlockEvent> second = new CopyOnWriteArrayList<>();

    try (AutoCloseable s = client.events(resumeAt, second::add)) {
      await()
          .atMost(COMMIT_TIMEOUT)
          .until(() -> !second.isEmpty() && second.getLast().height() >= target);
    }

    List<Long> heights = new ArrayList<>();
    first.forEach(b -> heights.add(b.height()));
    second.forEach(b -> heights.add(b.height()));
    for (int i = 0; i < heights.size(); i++) {
      assertThat(heights.get(i)).isEqualTo(from + i);
    }
  }

  @Test
  @SuppressWarnings("try")
  void theEventStreamCarriesTransactionEvents() throws Exception {
    long from = client.status().height() + 1;
    SignedTransaction tx = txs.transfer(sender(7), receiver().address(), 1);
    List<BlockEvent> seen = new CopyOnWriteArrayList<>();

    try (AutoCloseable s = client.events(from, seen::add)) {
      client.submit(tx);
      await()
          .atMost(COMMIT_TIMEOUT)
          .until(
              () ->
                  seen.stream()
                      .flatMap(b -> b.txs().stream())
                      .anyMatch(t -> t.hash().equals(tx.hash())));
    }

    BlockEvent.TxEvents events =
        seen.stream()
            .flatMap(b -> b.txs().stream())
            .filter(t -> t.hash().equals(tx.hash()))
            .findFirst()
            .orElseThrow();
    assertThat(events.error()).isEmpty();
    assertThat(events.events()).isNotEmpty();
  }

  @Test
  void theRawStreamLabelsEachBlockMessageWithItsHeight() throws Exception {
    HttpClient raw = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.apiPort() + "/v1/events?fromHeight=0"))
            .build();

    HttpResponse<Stream<String>> response = raw.send(request, HttpResponse.BodyHandlers.ofLines());
    List<String> firstMessage;
    try (Stream<String> lines = response.body()) {
      firstMessage =
          lines.dropWhile(l -> !l.startsWith("id:")).takeWhile(l -> !l.isEmpty()).toList();
    }

    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/event-stream");
    assertThat(firstMessage).hasSize(3);
    assertThat(firstMessage.get(0)).isEqualTo("id: 0");
    assertThat(firstMessage.get(1)).isEqualTo("event: block");
    assertThat(firstMessage.get(2)).startsWith("data: {\"height\":0,");
  }

  @Test
  void metricsExposeTheNodeGauges() {
    HttpProbe.Answer a = http.get("/metrics");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body())
        .contains(
            "gridwork_height",
            "gridwork_mempool_size",
            "gridwork_txs_committed_total",
            "gridwork_block_time_seconds",
            "gridwork_block_txs",
            "gridwork_txs_rejected_total{code=\"MALFORMED\"}");
  }

  @Test
  void theOpenApiDocumentIsServedAndListsEveryRoute() throws Exception {
    HttpProbe.Answer a = http.get("/v1/openapi.yaml");

    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(a.body());

    assertThat(a.status()).isEqualTo(200);
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
    List<String> paths = new ArrayList<>();
    doc.get("paths").properties().forEach(e -> paths.add(e.getKey()));
    assertThat(paths)
        .containsExactlyInAnyOrder(
            "/v1/status",
            "/v1/txs",
            "/v1/txs/batch",
            "/v1/txs/{hash}",
            "/v1/accounts/{address}",
            "/v1/providers",
            "/v1/providers/{address}",
            "/v1/providers/{address}/leases",
            "/v1/jobs",
            "/v1/jobs/{jobId}",
            "/v1/jobs/{jobId}/bids",
            "/v1/jobs/{jobId}/leases",
            "/v1/jobs/{jobId}/units",
            "/v1/jobs/{jobId}/audits",
            "/v1/leases/{leaseId}",
            "/v1/blobs/{sha256}",
            "/v1/blocks/latest",
            "/v1/blocks/{height}",
            "/v1/params",
            "/v1/events",
            "/v1/openapi.yaml",
            "/metrics");
  }

  private static void assertProblem(HttpProbe.Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/problem+json");
    JsonNode p = a.json();
    assertThat(p.get("code").asText()).isEqualTo(code);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("type").asText()).isNotBlank();
    assertThat(p.get("detail").asText()).isNotBlank();
  }

  private static ErrorCode codeOf(SubmitResult r) {
    return r instanceof SubmitResult.Rejected rej ? rej.code() : null;
  }
}
