/** `charter.yml`: the root of a governed repository. */
import * as z from "zod";
import { changeKind, riskLevel } from "./change-kinds.ts";
import { apiVersion, description, name, principal } from "./common.ts";
import { confidence } from "./confidence.ts";

export const escalation = z
  .strictObject({
    kinds: z.array(changeKind).min(1).optional().describe("Change kinds that trigger this rule."),
    min_level: riskLevel.optional().describe("Trigger for any change at or above this risk level."),
    approvers: z.array(principal).min(1).describe("Who may give the extra approvals."),
    required: z.int().min(1).max(10).default(1).describe("How many of `approvers` must approve."),
  })
  .describe(
    "Extra approvals required when a pull request contains risky change kinds. Give `kinds`, `min_level`, or both.",
  );

const registry = z
  .discriminatedUnion("type", [
    z
      .strictObject({
        type: z.literal("oci-layout").describe("An OCI image layout on disk (the embedded default)."),
        path: z
          .string()
          .min(1)
          .default(".charter/registry")
          .describe("Directory of the layout, relative to the repository root."),
      })
      .describe("Publish to an OCI image layout directory."),
    z
      .strictObject({
        type: z.literal("oci").describe("An OCI distribution registry (GHCR, Harbor, docker-registry…)."),
        url: z.url({ protocol: /^https?$/ }).describe("Registry base URL, e.g. https://ghcr.io."),
        repository: z
          .string()
          .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
            message: "must be an OCI repository path such as acme/ai-workflows",
          })
          .describe("Repository prefix; each workflow is pushed to PREFIX/TENANT/WORKFLOW."),
        username_env: z.string().optional().describe("Environment variable holding the registry user name."),
        password_env: z
          .string()
          .optional()
          .describe("Environment variable holding the registry password or token."),
      })
      .describe("Publish to an OCI distribution registry."),
  ])
  .describe("Where signed releases are published.");

const trustedKey = z
  .strictObject({
    id: name.describe("Key name, shown in verification results."),
    public_key_file: z
      .string()
      .min(1)
      .describe("PEM public key (ECDSA P-256), relative to the repository root."),
  })
  .describe("A public key whose signatures are trusted.");

const keylessIdentity = z
  .strictObject({
    issuer: z.url().describe("OIDC issuer, e.g. https://token.actions.githubusercontent.com."),
    subject: z.string().min(1).describe("Exact certificate identity (the publishing workflow's URI)."),
  })
  .describe("A Sigstore keyless identity whose signatures are trusted.");

const drafts = z
  .strictObject({
    route: name
      .optional()
      .describe(
        "Route (in the target tenant's routes.yml) that `charter draft` asks for a workflow draft; `--route` overrides it.",
      ),
    max_repairs: z
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe(
        "How many times `charter draft` feeds lint diagnostics back to the model before it gives up and writes nothing.",
      ),
    extra_approvals: z
      .int()
      .min(0)
      .max(10)
      .default(0)
      .describe(
        "Extra human approvals an AI-drafted pull request needs (labelled `ai-drafted`, or with a commit carrying a `Charter-Drafted-By:` trailer), on top of each touched tenant's (or the governance owners') own count. Bots never count towards them.",
      ),
  })
  .describe(
    "AI-drafted workflows (`charter draft`): which route drafts them, and what governance they need.",
  );

export const charterFile = z
  .strictObject({
    apiVersion,
    kind: z.literal("Charter").describe("File kind: `Charter`."),
    name: name.describe("Name of this governed repository."),
    description: description.optional(),
    governance: z
      .strictObject({
        owners: z
          .array(principal)
          .min(1)
          .describe("Who must approve changes to charter.yml, models.yml, tools/ and any tenant.yml."),
        required: z
          .int()
          .min(1)
          .max(10)
          .default(1)
          .describe("How many governance owners must approve such changes."),
        request_reviews: z
          .boolean()
          .default(false)
          .describe("Let the approvals app request reviews from the approvers a pull request still needs."),
      })
      .describe("Owners of the platform-level policy files."),
    registry: registry.default({ type: "oci-layout", path: ".charter/registry" }),
    signing: z
      .strictObject({
        trusted_keys: z.array(trustedKey).default([]).describe("Public keys trusted to sign releases."),
        keyless: z
          .array(keylessIdentity)
          .default([])
          .describe("Keyless identities trusted to sign releases."),
        trusted_root_file: z
          .string()
          .min(1)
          .optional()
          .describe(
            "A pinned Sigstore trusted_root.json, relative to the repository root: needed to verify keyless releases offline.",
          ),
      })
      .default({ trusted_keys: [], keyless: [] })
      .describe("Which signatures a release may carry."),
    publish: z
      .strictObject({
        channels: z
          .array(z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, { message: "must be a lower-case channel name" }))
          .default(["staging"])
          .describe(
            "Channels moved to every new release as it is published. Others (e.g. `production`) move with `charter promote`.",
          ),
        expires_after_days: z
          .int()
          .min(1)
          .max(3650)
          .default(365)
          .describe("Days a release's governance attestation stays valid; runners refuse expired releases."),
        tag_prefix: z
          .string()
          .regex(/^[A-Za-z0-9._-]+$/)
          .default("charter")
          .describe("Git tags are created as PREFIX/TENANT/WORKFLOW/vVERSION on the released commit."),
      })
      .default({ channels: ["staging"], expires_after_days: 365, tag_prefix: "charter" })
      .describe("How merges are published as releases."),
    risk: z
      .strictObject({
        levels: z
          .partialRecord(changeKind, riskLevel)
          .default({})
          .describe("Overrides of the built-in risk level of each change kind."),
        escalations: z
          .array(escalation)
          .default([])
          .describe("Extra approvals for risky changes, in every tenant."),
      })
      .default({ levels: {}, escalations: [] })
      .describe("How risky each change kind is, and what risky changes need."),
    drafts: drafts.default({ max_repairs: 2, extra_approvals: 0 }),
    confidence: confidence.default(confidence.parse({})),
  })
  .describe("charter.yml: the root of a governed repository.");

export type CharterFile = z.infer<typeof charterFile>;
export type Escalation = z.infer<typeof escalation>;
