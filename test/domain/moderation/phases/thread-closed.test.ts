import { describe, expect, it } from "vitest";
import { threadClosed } from "../../../../src/domain/moderation/phases/thread-closed.js";
import { screening } from "../fixture.js";

describe("thread-closed phase", () => {
  it("lets comments into open and moderated discussions", () => {
    expect(threadClosed.decide(screening({ threadMode: "open" })).action).toBe("accept");
    expect(threadClosed.decide(screening({ threadMode: "moderated" })).action).toBe("accept");
  });
  it("refuses closed and hidden discussions with thread_closed, even for staff", () => {
    for (const threadMode of ["closed", "hidden"] as const) {
      const v = threadClosed.decide(screening({ threadMode, authorIsStaff: true }));
      expect(v.action === "reject" && v.refusal?.code).toBe("thread_closed");
    }
    expect(threadClosed.appliesToStaff).toBe(true);
  });
});
