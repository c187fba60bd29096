package dev.slipway.control;

import dev.slipway.value.Value;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The model records as stored documents and back (the layout is in {@link Tables}). A document
 * that lacks a field or has the wrong type is a corrupt store: that fails with {@link
 * IllegalStateException} naming the document and the field.
 */
final class Codec {
    private Codec() {}

    // ---- fields ------------------------------------------------------------------------------

    static String string(Value.Obj doc, String field) {
        if (doc.fields().get(field) instanceof Value.Str(String value)) {
            return value;
        }
        throw corrupt(doc, field, "a string");
    }

    static Optional<String> optionalString(Value.Obj doc, String field) {
        return doc.fields().containsKey(field) ? Optional.of(string(doc, field)) : Optional.empty();
    }

    static long int64(Value.Obj doc, String field) {
        if (doc.fields().get(field) instanceof Value.Int64(long value)) {
            return value;
        }
        throw corrupt(doc, field, "an Int64");
    }

    static boolean bool(Value.Obj doc, String field) {
        if (doc.fields().get(field) instanceof Value.Bool(boolean value)) {
            return value;
        }
        throw corrupt(doc, field, "a boolean");
    }

    static Value.Obj object(Value.Obj doc, String field) {
        if (doc.fields().get(field) instanceof Value.Obj value) {
            return value;
        }
        throw corrupt(doc, field, "an object");
    }

    static Instant instant(Value.Obj doc, String field) {
        return Instant.ofEpochMilli(int64(doc, field));
    }

    static Optional<Instant> optionalInstant(Value.Obj doc, String field) {
        return doc.fields().containsKey(field) ? Optional.of(instant(doc, field)) : Optional.empty();
    }

    static Value.Int64 millis(Instant instant) {
        return new Value.Int64(instant.toEpochMilli());
    }

    static Value.Str str(String value) {
        return new Value.Str(value);
    }

    private static IllegalStateException corrupt(Value.Obj doc, String field, String expected) {
        return new IllegalStateException(
                "corrupt control-plane store: document " + doc.fields().get("_id") + " should have " + expected
                        + " field " + field + ", got " + doc.fields().get(field));
    }

    // ---- records -----------------------------------------------------------------------------

    static Value.Obj teamDocument(Team team) {
        return Value.Obj.of(Map.of(
                "slug", str(team.slug()),
                "plan", str(team.plan().wireName()),
                "creator", str(team.creator()),
                "createdAt", millis(team.createdAt())));
    }

    static Team team(Value.Obj doc) {
        return new Team(
                string(doc, "slug"),
                Plan.parse(string(doc, "plan")),
                string(doc, "creator"),
                instant(doc, "createdAt"));
    }

    static Value.Obj memberDocument(Member member) {
        return Value.Obj.of(Map.of(
                "team", str(member.team()),
                "member", str(member.name()),
                "role", str(member.role().wireName()),
                "addedAt", millis(member.addedAt())));
    }

    static Member member(Value.Obj doc) {
        return new Member(
                string(doc, "team"), string(doc, "member"), Role.parse(string(doc, "role")), instant(doc, "addedAt"));
    }

    static Value.Obj projectDocument(Project project) {
        return Value.Obj.of(Map.of(
                "team", str(project.team()),
                "slug", str(project.slug()),
                "creator", str(project.creator()),
                "createdAt", millis(project.createdAt())));
    }

    static Project project(Value.Obj doc) {
        return new Project(string(doc, "team"), string(doc, "slug"), string(doc, "creator"), instant(doc, "createdAt"));
    }

    static Value.Obj deploymentDocument(Deployment d) {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("name", str(d.name()));
        fields.put("team", str(d.team()));
        fields.put("project", str(d.project()));
        fields.put("type", str(d.type().wireName()));
        fields.put("reference", str(d.reference()));
        fields.put("creator", str(d.creator()));
        fields.put("createdAt", millis(d.createdAt()));
        d.expiresAt().ifPresent(at -> fields.put("expiresAt", millis(at)));
        fields.put("state", str(d.state().wireName()));
        fields.put(
                "settings",
                Value.Obj.of(Map.of(
                        "logsToClients", new Value.Bool(d.settings().logsToClients()),
                        "errorDetailsToClients", new Value.Bool(d.settings().errorDetailsToClients()),
                        "editConfirmation", new Value.Bool(d.settings().editConfirmation()))));
        return Value.Obj.of(fields);
    }

    static Deployment deployment(Value.Obj doc) {
        Value.Obj settings = object(doc, "settings");
        return new Deployment(
                string(doc, "name"),
                string(doc, "team"),
                string(doc, "project"),
                DeploymentType.parse(string(doc, "type")),
                string(doc, "reference"),
                string(doc, "creator"),
                instant(doc, "createdAt"),
                optionalInstant(doc, "expiresAt"),
                new DeploymentSettings(
                        bool(settings, "logsToClients"),
                        bool(settings, "errorDetailsToClients"),
                        bool(settings, "editConfirmation")),
                DeploymentState.parse(string(doc, "state")));
    }

    /**
     * A credential's document. A deployment token also stores its deployment's type and reference
     * (which never change), so the rule table can judge who may see or revoke it without a lookup.
     */
    static Value.Obj credentialDocument(Credential c, String hash, Optional<Deployment> deployment) {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("credentialId", str(c.id()));
        fields.put("kind", str(c.kind().wireName()));
        fields.put("name", str(c.name()));
        fields.put("hash", str(hash));
        fields.put("creator", str(c.creator()));
        fields.put("createdAt", millis(c.createdAt()));
        switch (c.scope()) {
            case CredentialScope.Instance i -> fields.put("scope", str("instance"));
            case CredentialScope.Member m -> {
                fields.put("scope", str("member"));
                fields.put("member", str(m.member()));
            }
            case CredentialScope.Project p -> {
                fields.put("scope", str("project"));
                fields.put("team", str(p.team()));
                fields.put("project", str(p.project()));
            }
            case CredentialScope.Deployment d -> {
                fields.put("scope", str("deployment"));
                fields.put("team", str(d.team()));
                fields.put("project", str(d.project()));
                fields.put("deployment", str(d.deployment()));
                Deployment target = deployment.orElseThrow();
                fields.put("deploymentType", str(target.type().wireName()));
                fields.put("reference", str(target.reference()));
            }
        }
        return Value.Obj.of(fields);
    }

    static Credential credential(Value.Obj doc) {
        CredentialScope scope = switch (string(doc, "scope")) {
            case "instance" -> new CredentialScope.Instance();
            case "member" -> new CredentialScope.Member(string(doc, "member"));
            case "project" -> new CredentialScope.Project(string(doc, "team"), string(doc, "project"));
            case "deployment" ->
                new CredentialScope.Deployment(string(doc, "team"), string(doc, "project"), string(doc, "deployment"));
            default -> throw corrupt(doc, "scope", "instance, member, project or deployment as");
        };
        return new Credential(
                string(doc, "credentialId"),
                CredentialKind.parse(string(doc, "kind")),
                string(doc, "name"),
                scope,
                string(doc, "creator"),
                instant(doc, "createdAt"),
                optionalInstant(doc, "lastUsedAt"),
                optionalInstant(doc, "revokedAt"));
    }

    /** What a credential reaches, as a rule-table resource (for seeing and revoking it). */
    static Resource credentialResource(Value.Obj doc) {
        return switch (credential(doc).scope()) {
            case CredentialScope.Instance i -> new Resource.Instance();
            case CredentialScope.Member m -> new Resource.Member(m.member());
            case CredentialScope.Project p -> new Resource.Project(p.team(), p.project());
            case CredentialScope.Deployment d ->
                new Resource.Deployment(
                        d.team(),
                        d.project(),
                        d.deployment(),
                        DeploymentType.parse(string(doc, "deploymentType")),
                        string(doc, "reference"));
        };
    }
}
