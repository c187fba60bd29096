package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.control.Action;
import dev.slipway.control.Principal;
import dev.slipway.isolate.HttpHeader;
import dev.slipway.persistence.Persistence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /control/*} API as docs/ADMIN-API.md describes it: every route, every error status, and
 * the four <i>cannot</i>s of issue 6, with requests shaped as the HTTP transport hands them to the
 * routes (method, raw path, headers, body). The control plane runs on a real store that subclasses
 * choose (a SQLite file, a PostgreSQL schema); the deployments' data is a recording {@link
 * DeploymentHost}, so the test sees every creation and deletion the API asks for.
 */
abstract class ControlApiContract {
    static final Instant START = Instant.parse("2025-06-01T10:00:00Z");
    static final String NAME = "[a-z]+-[a-z]+-[0-9]{3}";

    @TempDir
    Path data;

    final MovableClock clock = new MovableClock(START);
    final RecordingHost host = new RecordingHost();

    ControlPlaneHost control;
    String owner;

    /** A new, empty control store. */
    abstract Persistence createStore();

    /** The same store, opened again (a restart). */
    abstract Persistence reopenStore();

    /** Removes what the store left behind, after it is closed. */
    void dropStore() {}

    @BeforeEach
    void start() throws Exception {
        control = ControlPlaneHost.start(data, createStore(), host, clock, Duration.ofHours(1));
        owner = Files.readString(data.resolve("owner.token"), StandardCharsets.UTF_8)
                .strip();
    }

    @AfterEach
    void stop() {
        control.close();
        dropStore();
    }

    void restart() {
        control.close();
        control = ControlPlaneHost.start(data, reopenStore(), host, clock, Duration.ofHours(1));
    }

    // ---- requests ----------------------------------------------------------------------------

    /** An answer: status and body. */
    record Reply(int status, String body) {
        JsonIn json() {
            return JsonIn.parse(body, "the answer");
        }

        String str(String field) {
            return json().string(field);
        }

        String code() {
            return str("code");
        }

        String message() {
            return str("message");
        }

        JsonIn object(String field) {
            return json().object(field).orElseThrow();
        }

        List<JsonIn> list(String field) {
            return json().array(field).stream()
                    .map(raw -> JsonIn.parse(raw, field))
                    .toList();
        }

        /** The answer must have {@code expected} status; shows the body when not. */
        Reply expect(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            return this;
        }

        /** The answer must be an error with {@code expected} status and code, its message containing {@code parts}. */
        Reply fails(int expected, String errorCode, String... parts) {
            expect(expected);
            assertThat(code()).as(body).isEqualTo(errorCode);
            if (parts.length > 0) {
                assertThat(message()).contains(parts);
            }
            return this;
        }
    }

    Reply request(String method, String path, @Nullable String body, List<HttpHeader> headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ApiRequest request =
                new ApiRequest(method, path, "", headers, bytes, "127.0.0.1:3210", Optional.of("127.0.0.1"));
        assertThat(ControlApi.handles(path)).isTrue();
        ApiResponse response = control.api().handle(request);
        assertThat(response.headers()).contains(new HttpHeader("Content-Type", "application/json"));
        return new Reply(response.status(), new String(response.body(), StandardCharsets.UTF_8));
    }

    Reply get(String secret, String path) {
        return request("GET", path, null, auth(secret));
    }

    Reply post(String secret, String path, String body) {
        return request("POST", path, body, auth(secret));
    }

    Reply delete(String secret, String path) {
        return request("DELETE", path, null, auth(secret));
    }

    static List<HttpHeader> auth(String secret) {
        return List.of(new HttpHeader("Authorization", "Convex " + secret));
    }

    /** Adds {@code name} to {@code team} and returns their new member token. */
    String member(String team, String name, String role) {
        post(owner, "/control/teams/" + team + "/members", "{\"member\":\"" + name + "\",\"role\":\"" + role + "\"}")
                .expect(201);
        return post(owner, "/control/members/" + name + "/tokens", "{\"name\":\"laptop\"}")
                .expect(201)
                .str("secret");
    }

    /** Creates project {@code team/slug}; returns its production deployment's name. */
    String project(String secret, String team, String slug) {
        return post(secret, "/control/teams/" + team + "/projects", "{\"slug\":\"" + slug + "\"}")
                .expect(201)
                .object("production")
                .string("name");
    }

    Reply createDeployment(String secret, String team, String project, String type, String reference) {
        return post(
                secret,
                "/control/teams/" + team + "/projects/" + project + "/deployments",
                "{\"type\":\"" + type + "\",\"reference\":\"" + reference + "\"}");
    }

    String deployKey(String team, String project, String type) {
        return post(
                        owner,
                        "/control/teams/" + team + "/projects/" + project + "/deploy-keys",
                        "{\"type\":\"" + type + "\",\"name\":\"ci\"}")
                .expect(201)
                .str("secret");
    }

    static List<String> strings(List<JsonIn> objects, String field) {
        return objects.stream().map(o -> o.string(field)).toList();
    }

    // ---- bootstrap and whoami ----------------------------------------------------------------

    @Test
    void firstStart_writesTheOwnerTokenWithMode600_andItReachesTheDefaultTeam() throws Exception {
        Path file = data.resolve("owner.token");
        assertThat(owner).startsWith("sw_owner_");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        Reply me = get(owner, "/control/whoami").expect(200);
        assertThat(me.str("kind")).isEqualTo("owner");
        assertThat(me.str("name")).isEqualTo("owner");
        assertThat(me.list("teams")).singleElement().satisfies(t -> {
            assertThat(t.string("slug")).isEqualTo("default");
            assertThat(t.string("role")).isEqualTo("admin");
        });
    }

    @Test
    void restart_keepsTheOwnerToken_andWritesNoNewOne() throws Exception {
        Files.writeString(data.resolve("owner.token"), "edited by the operator\n");
        restart();

        assertThat(Files.readString(data.resolve("owner.token"))).isEqualTo("edited by the operator\n");
        get(owner, "/control/whoami").expect(200);
    }

    @Test
    void whoami_ofKeysAndTokens_namesWhatTheyReach() {
        String production = project(owner, "default", "chat");
        String dep = createDeployment(owner, "default", "chat", "custom", "staging")
                .expect(201)
                .str("name");
        String token = post(owner, "/control/deployments/" + dep + "/tokens", "{\"name\":\"agent\"}")
                .expect(201)
                .str("secret");

        Reply prod =
                get(deployKey("default", "chat", "prod"), "/control/whoami").expect(200);
        assertThat(prod.str("kind")).isEqualTo("prod");
        assertThat(prod.str("team")).isEqualTo("default");
        assertThat(prod.str("project")).isEqualTo("chat");
        assertThat(prod.str("deployment")).isEqualTo(production);

        Reply preview =
                get(deployKey("default", "chat", "preview"), "/control/whoami").expect(200);
        assertThat(preview.str("kind")).isEqualTo("preview");
        assertThat(preview.json().has("deployment")).isFalse();

        Reply dt = get(token, "/control/whoami").expect(200);
        assertThat(dt.str("kind")).isEqualTo("deployment");
        assertThat(dt.str("deployment")).isEqualTo(dep);

        Reply alice =
                get(member("default", "alice", "member"), "/control/whoami").expect(200);
        assertThat(alice.str("kind")).isEqualTo("member");
        assertThat(alice.str("name")).isEqualTo("alice");
        assertThat(alice.list("teams"))
                .singleElement()
                .satisfies(t -> assertThat(t.string("role")).isEqualTo("member"));
    }

    // ---- authentication and routing errors ---------------------------------------------------

    @Test
    void credentials_missingMalformedUnknownOrOfAnotherScheme_are401() {
        request("GET", "/control/whoami", null, List.of()).fails(401, "MissingCredential", "Authorization");
        request("GET", "/control/whoami", null, List.of(new HttpHeader("Authorization", "Convex ")))
                .fails(401, "MissingCredential");
        request("GET", "/control/whoami", null, List.of(new HttpHeader("Authorization", "Basic abc")))
                .fails(401, "InvalidAuthHeader", "Basic");
        get("not-a-slipway-credential", "/control/whoami").fails(401, "Unauthenticated", "sw_member_");
        get("sw_member_tooshort", "/control/whoami").fails(401, "Unauthenticated", "Malformed member token");
        get("sw_member_" + "a".repeat(52), "/control/whoami").fails(401, "Unauthenticated", "never issued");

        Reply bearer =
                request("GET", "/control/whoami", null, List.of(new HttpHeader("authorization", "Bearer " + owner)));
        bearer.expect(200);
    }

    @Test
    void unknownRoutes_are404_otherMethods_are405_badBodies_are400() {
        get(owner, "/control/nothing").fails(404, "NotFound", "/control/teams/{team}/projects");
        get(owner, "/control/teams/default/widgets").fails(404, "NotFound");
        get(owner, "/control//teams").fails(404, "NotFound");
        request("PUT", "/control/teams", "{}", auth(owner)).fails(405, "MethodNotAllowed", "GET or POST");
        delete(owner, "/control/whoami").fails(405, "MethodNotAllowed", "GET");

        post(owner, "/control/teams", "{\"slug\":").fails(400, "BadJsonBody", "malformed JSON");
        post(owner, "/control/teams", "[1]").fails(400, "BadJsonBody", "must be a JSON object");
        post(owner, "/control/teams", "{}").fails(400, "BadJsonBody", "`slug`");
        post(owner, "/control/teams", "{\"slug\":7}").fails(400, "BadJsonBody", "`slug`", "must be a string");
        post(owner, "/control/teams/default/projects/x/previews", "{\"reference\":\"preview/a\",\"recreate\":1}")
                .fails(400, "BadJsonBody", "`recreate`");
        assertThat(ControlApi.routeName("/control/teams/acme/projects/app/deployments/dev/alice"))
                .isEqualTo("control/teams/{team}/projects/{project}/deployments/{reference}");
        assertThat(ControlApi.routeName("/control/nope")).isEqualTo("control/unknown");
        assertThat(ControlApi.routeName("/control/teams/%zz")).isEqualTo("control/unknown");
        get(owner, "/control/teams/%zz").fails(400, "BadPath", "%zz");
        assertThat(get(owner, "/control/teams/de%66ault").expect(200).str("slug"))
                .isEqualTo("default");
    }

    // ---- teams and members -------------------------------------------------------------------

    @Test
    void teams_createListReadAndTheirErrors() {
        Reply created = post(owner, "/control/teams", "{\"slug\":\"acme\",\"plan\":\"pro\"}")
                .expect(201);
        assertThat(created.str("slug")).isEqualTo("acme");
        assertThat(created.str("plan")).isEqualTo("pro");
        assertThat(created.json().raw("deploymentLimit")).contains("300");
        assertThat(created.json().raw("previewLifetimeDays")).contains("14");
        assertThat(created.json().raw("createdAt")).contains(Long.toString(START.toEpochMilli()));
        assertThat(post(owner, "/control/teams", "{\"slug\":\"small\"}")
                        .expect(201)
                        .str("plan"))
                .isEqualTo("starter");

        assertThat(strings(get(owner, "/control/teams").expect(200).list("teams"), "slug"))
                .containsExactly("acme", "default", "small");
        Reply acme = get(owner, "/control/teams/acme").expect(200);
        assertThat(acme.list("members")).singleElement().satisfies(m -> {
            assertThat(m.string("name")).isEqualTo("owner");
            assertThat(m.string("role")).isEqualTo("admin");
        });

        post(owner, "/control/teams", "{\"slug\":\"acme\"}").fails(409, "AlreadyExists", "acme");
        post(owner, "/control/teams", "{\"slug\":\"Bad Slug\"}").fails(400, "InvalidArgument", "Bad Slug");
        post(owner, "/control/teams", "{\"slug\":\"x\",\"plan\":\"gold\"}").fails(400, "InvalidArgument", "gold");
        get(owner, "/control/teams/nope").fails(404, "NotFound", "nope");
        String alice = member("default", "alice", "admin");
        post(alice, "/control/teams", "{\"slug\":\"mine\"}").fails(403, "Forbidden", "member alice", "create teams");
    }

    @Test
    void members_addListRemove_andTheRulesAboutThem() {
        Reply added = post(owner, "/control/teams/default/members", "{\"member\":\"bob\"}")
                .expect(201);
        assertThat(added.str("role")).isEqualTo("member");
        assertThat(strings(
                        get(owner, "/control/teams/default/members").expect(200).list("members"), "name"))
                .containsExactly("bob", "owner");

        post(owner, "/control/teams/default/members", "{\"member\":\"bob\"}").fails(409, "AlreadyExists", "bob");
        post(owner, "/control/teams/default/members", "{\"member\":\"carol\",\"role\":\"boss\"}")
                .fails(400, "InvalidArgument", "boss");
        post(owner, "/control/teams/nope/members", "{\"member\":\"carol\"}").fails(404, "NotFound", "nope");
        delete(owner, "/control/teams/default/members/nobody").fails(404, "NotFound", "nobody");
        delete(owner, "/control/teams/default/members/owner").fails(409, "FailedPrecondition", "last admin");

        String bobToken = post(owner, "/control/members/bob/tokens", "{\"name\":\"laptop\"}")
                .expect(201)
                .str("secret");
        post(bobToken, "/control/teams/default/members", "{\"member\":\"carol\"}")
                .fails(403, "Forbidden", "member bob", "add members");
        post(bobToken, "/control/members/owner/tokens", "{\"name\":\"stolen\"}").fails(403, "Forbidden");
        post(owner, "/control/members/nobody/tokens", "{\"name\":\"x\"}").fails(404, "NotFound", "nobody");

        assertThat(delete(owner, "/control/teams/default/members/bob")
                        .expect(200)
                        .str("name"))
                .isEqualTo("bob");
        assertThat(get(bobToken, "/control/whoami").expect(200).list("teams")).isEmpty();
        get(bobToken, "/control/teams/default/projects").fails(403, "Forbidden");
    }

    // ---- projects ----------------------------------------------------------------------------

    @Test
    void projects_createWithTheirProductionAndItsData_list_andErrors() {
        Reply created = post(owner, "/control/teams/default/projects", "{\"slug\":\"chat\"}")
                .expect(201);
        assertThat(created.object("project").string("slug")).isEqualTo("chat");
        JsonIn production = created.object("production");
        assertThat(production.string("name")).matches(NAME);
        assertThat(production.string("type")).isEqualTo("prod");
        assertThat(production.string("reference")).isEqualTo("production");
        assertThat(production.raw("expiresAt")).isEmpty();
        assertThat(production.object("settings").orElseThrow().raw("editConfirmation"))
                .contains("true");
        assertThat(host.live()).containsExactly(production.string("name"));

        assertThat(strings(
                        get(owner, "/control/teams/default/projects")
                                .expect(200)
                                .list("projects"),
                        "slug"))
                .containsExactly("chat");
        post(owner, "/control/teams/default/projects", "{\"slug\":\"chat\"}").fails(409, "AlreadyExists", "chat");
        post(owner, "/control/teams/default/projects", "{\"slug\":\"-x\"}").fails(400, "InvalidArgument", "-x");
        post(owner, "/control/teams/nope/projects", "{\"slug\":\"chat\"}").fails(404, "NotFound", "nope");
        get(owner, "/control/teams/nope/projects").fails(404, "NotFound");
    }

    // ---- deployments -------------------------------------------------------------------------

    @Test
    void deployments_createWithTypeReferenceAndExpiration_getListDelete() {
        String production = project(owner, "default", "chat");
        Reply created = post(
                        owner,
                        "/control/teams/default/projects/chat/deployments",
                        "{\"type\":\"dev\",\"reference\":\"dev/agent-1\",\"expiration\":\"in 7 days\"}")
                .expect(201);
        String name = created.str("name");
        assertThat(name).matches(NAME);
        assertThat(created.str("type")).isEqualTo("dev");
        assertThat(created.str("creator")).isEqualTo("owner");
        assertThat(created.str("state")).isEqualTo("active");
        assertThat(created.json().raw("expiresAt"))
                .contains(Long.toString(START.plus(Duration.ofDays(7)).toEpochMilli()));
        assertThat(created.object("settings").raw("logsToClients")).contains("true");
        assertThat(host.live()).containsExactlyInAnyOrder(production, name);

        assertThat(get(owner, "/control/teams/default/projects/chat/deployments/dev/agent-1")
                        .expect(200)
                        .str("name"))
                .isEqualTo(name);
        assertThat(get(owner, "/control/deployments/" + name).expect(200).str("reference"))
                .isEqualTo("dev/agent-1");
        assertThat(strings(
                        get(owner, "/control/teams/default/projects/chat/deployments")
                                .expect(200)
                                .list("deployments"),
                        "reference"))
                .containsExactly("dev/agent-1", "production");

        Reply deleted = delete(owner, "/control/deployments/" + name).expect(200);
        assertThat(deleted.object("deleted").string("name")).isEqualTo(name);
        assertThat(host.deleted()).containsExactly(name);
        assertThat(host.live()).containsExactly(production);
        get(owner, "/control/deployments/" + name).fails(404, "NotFound", name);
        delete(owner, "/control/deployments/" + name).fails(404, "NotFound", name);

        String custom = createDeployment(owner, "default", "chat", "custom", "staging")
                .expect(201)
                .str("name");
        assertThat(delete(owner, "/control/teams/default/projects/chat/deployments/staging")
                        .expect(200)
                        .object("deleted")
                        .string("name"))
                .isEqualTo(custom);
        assertThat(host.deleted()).containsExactly(name, custom);
    }

    @Test
    void deployments_badRequestsAndConflicts() {
        String production = project(owner, "default", "chat");
        createDeployment(owner, "default", "chat", "staging", "staging")
                .fails(400, "InvalidArgument", "Unknown deployment type \"staging\"");
        createDeployment(owner, "default", "chat", "custom", "dev/x")
                .fails(400, "InvalidArgument", "dev/x", "--type dev");
        createDeployment(owner, "default", "chat", "custom", "a").fails(400, "InvalidArgument", "\"a\"");
        post(
                        owner,
                        "/control/teams/default/projects/chat/deployments",
                        "{\"type\":\"custom\",\"reference\":\"qa-1\",\"expiration\":\"someday\"}")
                .fails(400, "InvalidArgument", "someday");
        post(owner, "/control/teams/default/projects/chat/deployments", "{\"type\":\"custom\"}")
                .fails(400, "BadJsonBody", "`reference`");
        createDeployment(owner, "default", "chat", "prod", "production")
                .fails(409, "AlreadyExists", "production", production);
        createDeployment(owner, "default", "nope", "custom", "staging").fails(404, "NotFound", "nope");
        get(owner, "/control/teams/default/projects/chat/deployments/dev/nobody")
                .fails(404, "NotFound", "dev/nobody");
        delete(owner, "/control/deployments/" + production).fails(409, "FailedPrecondition", "production");
        assertThat(host.deleted()).isEmpty();
    }

    @Test
    void devDeployment_isTheCallersOwn_createdOnFirstUse() {
        project(owner, "default", "chat");
        String alice = member("default", "alice", "member");

        Reply first = post(alice, "/control/teams/default/projects/chat/dev-deployment", "")
                .expect(201);
        assertThat(first.json().raw("created")).contains("true");
        JsonIn dep = first.object("deployment");
        assertThat(dep.string("reference")).isEqualTo("dev/alice");
        assertThat(dep.string("creator")).isEqualTo("alice");
        assertThat(host.live()).contains(dep.string("name"));

        Reply again = post(alice, "/control/teams/default/projects/chat/dev-deployment", "")
                .expect(200);
        assertThat(again.json().raw("created")).contains("false");
        assertThat(again.object("deployment").string("name")).isEqualTo(dep.string("name"));

        assertThat(post(owner, "/control/teams/default/projects/chat/dev-deployment", "{}")
                        .expect(201)
                        .object("deployment")
                        .string("reference"))
                .isEqualTo("dev/owner");
        post(deployKey("default", "chat", "preview"), "/control/teams/default/projects/chat/dev-deployment", "")
                .fails(403, "Forbidden", "no dev deployment");
        // members see their team's deployments but run only their own dev deployment
        String ownerDev = get(alice, "/control/teams/default/projects/chat/deployments/dev/owner")
                .expect(200)
                .str("name");
        assertAdminDenied(alice, ownerDev, Action.PUSH, 403);
    }

    @Test
    void previews_ensuredByBranchOrReference_reusedWithTheirData_recreatedOnRequest() {
        project(owner, "default", "chat");
        String key = deployKey("default", "chat", "preview");
        String previews = "/control/teams/default/projects/chat/previews";

        Reply first = post(key, previews, "{\"branch\":\"feature_x\"}").expect(201);
        JsonIn created = first.object("deployment");
        assertThat(created.string("reference")).isEqualTo("preview/feature-x");
        assertThat(created.string("type")).isEqualTo("preview");
        assertThat(created.raw("expiresAt"))
                .contains(Long.toString(START.plus(Duration.ofDays(14)).toEpochMilli()));
        String name = created.string("name");

        Reply reused =
                post(key, previews, "{\"reference\":\"preview/feature-x\"}").expect(200);
        assertThat(reused.object("deployment").string("name")).isEqualTo(name);
        assertThat(host.deleted()).isEmpty();

        Reply fresh = post(key, previews, "{\"branch\":\"feature_x\",\"recreate\":true}")
                .expect(201);
        String freshName = fresh.object("deployment").string("name");
        assertThat(freshName).isNotEqualTo(name);
        assertThat(host.deleted()).containsExactly(name);
        assertThat(host.live()).contains(freshName).doesNotContain(name);

        assertThat(post(key, previews, "{\"reference\":\"preview/new-one\",\"recreate\":true}")
                        .expect(201)
                        .object("deployment")
                        .string("reference"))
                .isEqualTo("preview/new-one");
        post(key, previews, "{}").fails(400, "BadJsonBody", "exactly one");
        post(key, previews, "{\"branch\":\"a\",\"reference\":\"preview/a\"}").fails(400, "BadJsonBody", "exactly one");
        post(key, previews, "{\"reference\":\"staging\"}").fails(400, "InvalidArgument", "staging");
        post(key, previews, "{\"branch\":\"___\"}").fails(400, "InvalidArgument", "___");
        post(owner, "/control/teams/default/projects/nope/previews", "{\"branch\":\"x\",\"recreate\":true}")
                .fails(404, "NotFound", "nope");
    }

    @Test
    void limit_ofTheTeamsPlan_isA403NamingIt() {
        post(owner, "/control/teams", "{\"slug\":\"small\",\"plan\":\"starter\"}")
                .expect(201);
        project(owner, "small", "app"); // its production counts
        for (int i = 1; i < 40; i++) {
            createDeployment(owner, "small", "app", "custom", "qa-" + i).expect(201);
        }
        createDeployment(owner, "small", "app", "custom", "qa-40")
                .fails(403, "LimitReached", "Team small", "limit of 40", "plan starter");
        assertThat(host.live()).hasSize(40);
    }

    // ---- credentials -------------------------------------------------------------------------

    @Test
    void credentials_createdWithPrefixes_listedWithLastUse_revoked() {
        String production = project(owner, "default", "chat");
        Reply prodKey = post(
                        owner,
                        "/control/teams/default/projects/chat/deploy-keys",
                        "{\"type\":\"prod\",\"name\":\"ci\"}")
                .expect(201);
        assertThat(prodKey.str("secret")).startsWith("sw_prod_");
        assertThat(prodKey.str("kind")).isEqualTo("prod");
        assertThat(prodKey.object("scope").string("type")).isEqualTo("project");
        assertThat(prodKey.json().raw("lastUsedAt")).isEmpty();
        String previewKey = deployKey("default", "chat", "preview");
        assertThat(previewKey).startsWith("sw_preview_");
        post(owner, "/control/teams/default/projects/chat/deploy-keys", "{\"type\":\"dev\",\"name\":\"ci\"}")
                .fails(400, "InvalidArgument", "prod or preview");
        post(owner, "/control/teams/default/projects/chat/deploy-keys", "{\"type\":\"prod\",\"name\":\" x\"}")
                .fails(400, "InvalidArgument", "credential name");
        Reply token = post(owner, "/control/deployments/" + production + "/tokens", "{\"name\":\"agent\"}")
                .expect(201);
        assertThat(token.str("secret")).startsWith("sw_dep_");
        assertThat(token.object("scope").string("deployment")).isEqualTo(production);
        post(owner, "/control/deployments/gone-name-123/tokens", "{\"name\":\"x\"}")
                .fails(404, "NotFound");

        clock.advance(Duration.ofMinutes(5));
        get(prodKey.str("secret"), "/control/whoami").expect(200);
        List<JsonIn> listed = get(owner, "/control/credentials").expect(200).list("credentials");
        assertThat(strings(listed, "kind")).containsExactlyInAnyOrder("owner", "prod", "preview", "deployment");
        JsonIn prodListed = listed.stream()
                .filter(c -> c.string("id").equals(prodKey.str("id")))
                .findFirst()
                .orElseThrow();
        assertThat(prodListed.has("secret")).isFalse();
        assertThat(prodListed.raw("lastUsedAt"))
                .contains(Long.toString(START.plus(Duration.ofMinutes(5)).toEpochMilli()));

        String id = prodKey.str("id");
        Reply revoked =
                post(owner, "/control/credentials/" + id + "/revoke", "").expect(200);
        assertThat(revoked.json().raw("revokedAt")).isPresent();
        get(prodKey.str("secret"), "/control/whoami").fails(401, "Unauthenticated", "revoked");
        post(owner, "/control/credentials/cred_nope/revoke", "").fails(404, "NotFound", "cred_nope");
        String ownerId = listed.stream()
                .filter(c -> c.string("kind").equals("owner"))
                .findFirst()
                .orElseThrow()
                .string("id");
        post(owner, "/control/credentials/" + ownerId + "/revoke", "").fails(409, "FailedPrecondition", "owner token");
    }

    @Test
    void members_seeOnlyTheirOwnCredentials() {
        String alice = member("default", "alice", "member");
        member("default", "bob", "member");
        List<JsonIn> seen = get(alice, "/control/credentials").expect(200).list("credentials");
        assertThat(seen)
                .singleElement()
                .satisfies(c -> assertThat(c.object("scope").orElseThrow().string("member"))
                        .isEqualTo("alice"));
    }

    // ---- the four cannots --------------------------------------------------------------------

    @Test
    void cannot_previewKeyTouchProductionOrAnotherProject() {
        String production = project(owner, "default", "chat");
        project(owner, "default", "other");
        String key = deployKey("default", "chat", "preview");

        get(key, "/control/teams/default/projects/chat/deployments/production")
                .fails(403, "Forbidden", "preview deploy key", "production");
        delete(key, "/control/deployments/" + production).fails(403, "Forbidden");
        createDeployment(key, "default", "chat", "prod", "production").fails(403, "Forbidden");
        post(key, "/control/deployments/" + production + "/tokens", "{\"name\":\"x\"}")
                .fails(403, "Forbidden");
        post(key, "/control/teams/default/projects/other/previews", "{\"branch\":\"x\"}")
                .fails(403, "Forbidden", "project default/other");
        assertAdminDenied(key, production, Action.PUSH, 403);
        assertAdminDenied(key, production, Action.ENV_WRITE, 403);

        // what it may do: its own project's previews, there and in the admin API
        String preview = post(key, "/control/teams/default/projects/chat/previews", "{\"branch\":\"x\"}")
                .expect(201)
                .object("deployment")
                .string("name");
        assertThat(control.authorizeAdmin(key, preview, Action.PUSH)).isInstanceOf(Principal.PreviewDeployKey.class);
        assertThat(host.live()).contains(preview);
    }

    @Test
    void cannot_deploymentTokenReachAnotherDeployment() {
        project(owner, "default", "chat");
        String mine = createDeployment(owner, "default", "chat", "dev", "dev/agent-1")
                .expect(201)
                .str("name");
        String theirs = createDeployment(owner, "default", "chat", "dev", "dev/agent-2")
                .expect(201)
                .str("name");
        String token = post(owner, "/control/deployments/" + mine + "/tokens", "{\"name\":\"agent-1\"}")
                .expect(201)
                .str("secret");

        get(token, "/control/deployments/" + theirs).fails(403, "Forbidden", "deployment token", theirs);
        delete(token, "/control/deployments/" + theirs).fails(403, "Forbidden");
        delete(token, "/control/deployments/" + mine).fails(403, "Forbidden");
        get(token, "/control/teams/default/projects/chat/deployments").fails(403, "Forbidden");
        assertAdminDenied(token, theirs, Action.PUSH, 403);
        assertAdminDenied(token, theirs, Action.DATA_READ, 403);

        assertThat(get(token, "/control/deployments/" + mine).expect(200).str("name"))
                .isEqualTo(mine);
        assertThat(control.authorizeAdmin(token, mine, Action.PUSH)).isInstanceOf(Principal.DeploymentToken.class);
    }

    @Test
    void cannot_memberReadAnotherTeam() {
        post(owner, "/control/teams", "{\"slug\":\"acme\"}").expect(201);
        String acmeProd = project(owner, "acme", "secret-app");
        String alice = member("default", "alice", "admin");

        assertThat(strings(get(alice, "/control/teams").expect(200).list("teams"), "slug"))
                .containsExactly("default");
        get(alice, "/control/teams/acme").fails(403, "Forbidden", "member alice", "team acme");
        get(alice, "/control/teams/acme/members").fails(403, "Forbidden");
        get(alice, "/control/teams/acme/projects").fails(403, "Forbidden");
        get(alice, "/control/teams/acme/projects/secret-app/deployments").fails(403, "Forbidden");
        get(alice, "/control/deployments/" + acmeProd).fails(403, "Forbidden");
        createDeployment(alice, "acme", "secret-app", "dev", "dev/alice").fails(403, "Forbidden");
        assertAdminDenied(alice, acmeProd, Action.DATA_READ, 403);
    }

    @Test
    void cannot_useARevokedKey_itFailsAtOnce() {
        String production = project(owner, "default", "chat");
        Reply key = post(
                        owner,
                        "/control/teams/default/projects/chat/deploy-keys",
                        "{\"type\":\"prod\",\"name\":\"ci\"}")
                .expect(201);
        String secret = key.str("secret");
        assertThat(control.authorizeAdmin(secret, production, Action.PUSH)).isInstanceOf(Principal.ProdDeployKey.class);

        post(owner, "/control/credentials/" + key.str("id") + "/revoke", "").expect(200);

        get(secret, "/control/whoami").fails(401, "Unauthenticated", "revoked");
        assertAdminDenied(secret, production, Action.PUSH, 401);
    }

    void assertAdminDenied(String secret, String deployment, Action action, int status) {
        assertThatThrownBy(() -> control.authorizeAdmin(secret, deployment, action))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(status));
    }

    // ---- the admin gate ----------------------------------------------------------------------

    @Test
    void adminGate_deploymentsTheControlPlaneDoesNotKnow_areTheOwnersOnly() {
        assertThat(control.authorizeAdmin(owner, "default", Action.PUSH)).isInstanceOf(Principal.Owner.class);
        String alice = member("default", "alice", "admin");
        assertThatThrownBy(() -> control.authorizeAdmin(alice, "default", Action.PUSH))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("does not manage it");
                });
        assertThat(ControlPlaneHost.isControlCredential(owner)).isTrue();
        assertThat(ControlPlaneHost.isControlCredential("slipway-admin|default|00"))
                .isFalse();
    }

    @Test
    void adminGate_membersPushToTheirDevDeploymentOnly_adminsToProduction() {
        String production = project(owner, "default", "chat");
        String alice = member("default", "alice", "member");
        String dev = post(alice, "/control/teams/default/projects/chat/dev-deployment", "")
                .expect(201)
                .object("deployment")
                .string("name");

        assertThat(control.authorizeAdmin(alice, dev, Action.PUSH)).isInstanceOf(Principal.Member.class);
        assertAdminDenied(alice, production, Action.PUSH, 403);
        String admin = member("default", "adam", "admin");
        assertThat(control.authorizeAdmin(admin, production, Action.PUSH)).isInstanceOf(Principal.Member.class);
    }

    // ---- data follows the record -------------------------------------------------------------

    @Test
    void hostFailsToCreate_theRecordIsRemovedAgain_andTheAnswerSaysSo() {
        project(owner, "default", "chat");
        host.failCreate = true;
        createDeployment(owner, "default", "chat", "custom", "staging")
                .fails(500, "DeploymentStoreFailed", "disk full", "removed again");
        host.failCreate = false;
        get(owner, "/control/teams/default/projects/chat/deployments/staging").fails(404, "NotFound");
        createDeployment(owner, "default", "chat", "custom", "staging").expect(201);
    }

    @Test
    void hostFailsToCreateProduction_itStays_andTheNextStartCreatesIt() {
        host.failCreate = true;
        post(owner, "/control/teams/default/projects", "{\"slug\":\"chat\"}")
                .fails(500, "DeploymentStoreFailed", "next start");
        host.failCreate = false;
        String production = get(owner, "/control/teams/default/projects/chat/deployments/production")
                .expect(200)
                .str("name");
        assertThat(host.live()).isEmpty();

        restart();

        assertThat(host.live()).containsExactly(production);
    }

    @Test
    void start_setsAsideManagedDataWithoutARecord_andKeepsIt() {
        String production = project(owner, "default", "chat");
        host.create("ghost-deer-123"); // data the control plane never recorded (another control store's)

        restart();

        assertThat(host.setAside).containsExactly("ghost-deer-123");
        assertThat(host.deleted()).doesNotContain("ghost-deer-123");
        assertThat(host.live()).containsExactly(production);
    }

    @Test
    void hostFailsToDelete_theDeploymentStaysMarked_andTheSweeperFinishesIt() {
        project(owner, "default", "chat");
        String name = createDeployment(owner, "default", "chat", "custom", "staging")
                .expect(201)
                .str("name");
        host.failDelete = true;
        delete(owner, "/control/deployments/" + name).fails(500, "DeploymentDeletionFailed", name, "sweeper");
        assertThat(control.controlPlane()
                        .findDeployment(name)
                        .orElseThrow()
                        .state()
                        .wireName())
                .isEqualTo("deleting");

        host.failDelete = false;
        assertThat(control.sweep()).extracting(d -> d.name()).containsExactly(name);
        assertThat(host.live()).doesNotContain(name);
        assertThat(control.controlPlane().findDeployment(name)).isEmpty();
    }

    @Test
    void sweeper_deletesExpiredDeploymentsWithTheirData() {
        String production = project(owner, "default", "chat");
        String soon = post(
                        owner,
                        "/control/teams/default/projects/chat/deployments",
                        "{\"type\":\"dev\",\"reference\":\"dev/agent-1\",\"expiration\":\"in 2 hours\"}")
                .expect(201)
                .str("name");
        String later = post(
                        owner,
                        "/control/teams/default/projects/chat/deployments",
                        "{\"type\":\"dev\",\"reference\":\"dev/agent-2\",\"expiration\":\"in 3 days\"}")
                .expect(201)
                .str("name");

        assertThat(control.sweep()).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(control.sweep()).extracting(d -> d.name()).containsExactly(soon);

        assertThat(host.deleted()).containsExactly(soon);
        assertThat(host.live()).containsExactlyInAnyOrder(production, later);
        get(owner, "/control/deployments/" + soon).fails(404, "NotFound");
    }

    // ---- test doubles ------------------------------------------------------------------------

    /** The deployments' data as a set of names, with switchable failures. */
    static final class RecordingHost implements DeploymentHost {
        private final Set<String> live = ConcurrentHashMap.newKeySet();
        private final List<String> deleted = new CopyOnWriteArrayList<>();
        final List<String> setAside = new CopyOnWriteArrayList<>();
        volatile boolean failCreate;
        volatile boolean failDelete;

        @Override
        public void create(String name) {
            if (failCreate) {
                throw new IllegalStateException("disk full");
            }
            live.add(name);
        }

        @Override
        public void delete(String name) {
            if (failDelete) {
                throw new IllegalStateException("store busy");
            }
            if (live.remove(name)) {
                deleted.add(name);
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        @Override
        public List<String> managed() {
            return live.stream().sorted().toList();
        }

        @Override
        public void setAside(String name) {
            if (live.remove(name)) {
                setAside.add(name);
            }
        }

        /** Waits until {@code name}'s data is deleted; false after {@code timeout}. */
        synchronized boolean awaitDeleted(String name, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!deleted.contains(name)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }

        List<String> live() {
            return new ArrayList<>(live);
        }

        List<String> deleted() {
            return List.copyOf(deleted);
        }
    }

    /** A clock that stands still until a test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test clock is UTC only");
        }
    }
}
