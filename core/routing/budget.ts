/**
 * Budgets checked before each model call, with one comparison everywhere (spent + estimate > limit
 * refuses) — LiteLLM mixed `>` and `>=` across budget types (#28020). A refusal names the budget that
 * tripped (LiteLLM #4208 asked for exactly that).
 */
export interface Budget {
  /** Shown to users: `workflow ticket-triage run budget`, `tenant support daily budget`. */
  name: string;
  limitUsd: number;
  spentUsd: number;
}

export class BudgetExceededError extends Error {
  override name = "BudgetExceededError";
  readonly budget: string;
  readonly limitUsd: number;
  readonly spentUsd: number;
  readonly estimateUsd: number;

  constructor(budget: Budget, estimateUsd: number) {
    super(
      `${budget.name} would be exceeded: $${budget.spentUsd.toFixed(6)} spent + $${estimateUsd.toFixed(6)} estimated for this call > $${budget.limitUsd} limit`,
    );
    this.budget = budget.name;
    this.limitUsd = budget.limitUsd;
    this.spentUsd = budget.spentUsd;
    this.estimateUsd = estimateUsd;
  }
}

/** Spend of one scope (a run, a tenant's day…), shared by every call made in that scope. */
export class SpendLedger {
  private readonly budgets: Budget[];
  private total = 0;

  constructor(budgets: { name: string; limitUsd: number; spentUsd?: number }[] = []) {
    this.budgets = budgets.map((b) => ({ name: b.name, limitUsd: b.limitUsd, spentUsd: b.spentUsd ?? 0 }));
  }

  /** The first budget this estimate would exceed, if any. */
  wouldExceed(estimateUsd: number): Budget | undefined {
    return this.budgets.find((b) => b.spentUsd + estimateUsd > b.limitUsd);
  }

  record(costUsd: number): void {
    this.total += costUsd;
    for (const b of this.budgets) b.spentUsd += costUsd;
  }

  /** Everything recorded in this ledger. */
  get spentUsd(): number {
    return this.total;
  }
}
