/**
 * Reads `terraform show -json` of a plan: planned resources, the IAM statements each
 * function's role gets, and which configuration expressions reference what.
 */

/** One entry of `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly after: Record<string, unknown> | null;
    readonly after_unknown: Record<string, unknown>;
  };
}

interface ConfigResource {
  readonly address: string;
  readonly expressions: Record<string, { references?: string[] } | undefined>;
}

interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

/** The parts of the plan JSON the tests read. */
export interface PlanJson {
  readonly resource_changes: readonly ResourceChange[];
  readonly prior_state?: { values?: { root_module?: { resources?: readonly StateResource[] } } };
  readonly configuration: { root_module: { resources: readonly ConfigResource[] } };
}

/** An IAM statement as the plan shows it (`aws_iam_policy_document` block or policy JSON). */
export interface PlannedStatement {
  readonly sid: string | undefined;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly (string | null)[];
}

/** Planned changes of one resource type (managed resources only). */
export function planned(plan: PlanJson, type: string): ResourceChange[] {
  return plan.resource_changes.filter((rc) => rc.mode === 'managed' && rc.type === type);
}

/** The planned values of a resource after apply. */
export function after(change: ResourceChange): Record<string, unknown> {
  if (change.change.after === null) throw new Error(`${change.address} is being deleted`);
  return change.change.after;
}

/** Addresses referenced by one attribute of a resource's configuration. */
export function references(plan: PlanJson, address: string, attribute: string): string[] {
  const resource = plan.configuration.root_module.resources.find((r) => r.address === address);
  return resource?.expressions[attribute]?.references ?? [];
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

function fromDocumentBlock(statement: Record<string, unknown>): PlannedStatement {
  return {
    sid: typeof statement.sid === 'string' ? statement.sid : undefined,
    effect: typeof statement.effect === 'string' ? statement.effect : 'Allow',
    actions: asStrings(statement.actions),
    notActions: asStrings(statement.not_actions),
    resources: Array.isArray(statement.resources) ? (statement.resources as (string | null)[]) : [],
  };
}

function fromPolicyJson(policy: string): PlannedStatement[] {
  const document = JSON.parse(policy) as {
    Statement: Record<string, unknown>[] | Record<string, unknown>;
  };
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.map((s) => ({
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: String(s.Effect),
    actions: asStrings(s.Action),
    notActions: asStrings(s.NotAction),
    resources: asStrings(s.Resource),
  }));
}

/** Every `aws_iam_policy_document`, read during plan or deferred to apply, by address. */
export function policyDocuments(plan: PlanJson): Map<string, PlannedStatement[]> {
  const documents = new Map<string, PlannedStatement[]>();
  const add = (address: string, values: Record<string, unknown> | null): void => {
    const blocks = (values?.statement ?? []) as Record<string, unknown>[];
    documents.set(address, blocks.map(fromDocumentBlock));
  };
  for (const rc of plan.resource_changes) {
    if (rc.mode === 'data' && rc.type === 'aws_iam_policy_document')
      add(rc.address, rc.change.after);
  }
  for (const resource of plan.prior_state?.values?.root_module?.resources ?? []) {
    if (resource.type === 'aws_iam_policy_document') add(resource.address, resource.values);
  }
  return documents;
}

/**
 * Every IAM statement the plan holds: all policy documents, and every policy JSON that is
 * already known (role trust policies, inline policies).
 */
export function allStatements(plan: PlanJson): PlannedStatement[] {
  const fromJson = plan.resource_changes.flatMap((rc) =>
    ['policy', 'assume_role_policy'].flatMap((key) => {
      const value = rc.change.after?.[key];
      return typeof value === 'string' && value.startsWith('{') ? fromPolicyJson(value) : [];
    }),
  );
  return [...[...policyDocuments(plan).values()].flat(), ...fromJson];
}

/**
 * The statements of every inline policy on each function's role, keyed by the function's
 * app-description name (the role's `chat:function` tag).
 */
export function statementsByFunction(plan: PlanJson): Map<string, PlannedStatement[]> {
  const documents = policyDocuments(plan);
  const byFunction = new Map<string, PlannedStatement[]>();
  for (const policy of planned(plan, 'aws_iam_role_policy')) {
    const roleAddress = references(plan, policy.address, 'role').find((r) =>
      /^aws_iam_role\.[^.]+$/.test(r),
    );
    const documentAddress = references(plan, policy.address, 'policy').find((r) =>
      /^data\.aws_iam_policy_document\.[^.]+$/.test(r),
    );
    const role = plan.resource_changes.find((rc) => rc.address === roleAddress);
    const functionName = (after(role!).tags as Record<string, string> | null)?.['chat:function'];
    if (functionName === undefined || documentAddress === undefined) {
      throw new Error(`cannot tell whose policy ${policy.address} is`);
    }
    byFunction.set(functionName, [
      ...(byFunction.get(functionName) ?? []),
      ...(documents.get(documentAddress) ?? []),
    ]);
  }
  return byFunction;
}
