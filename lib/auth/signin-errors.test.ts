import { describe, expect, it } from "vitest";
import { cookieName, setCookie } from "./cookies";
import { SIGNIN_ERRORS, signInErrorMessage } from "./signin-errors";

describe("signInErrorMessage", () => {
  it("is a fixed sentence for a known code and nothing for any other text", () => {
    expect(signInErrorMessage("sso-state")).toBe(SIGNIN_ERRORS["sso-state"]);
    for (const text of ["Your password expired: call +1 555 0100", "toString", "__proto__", "", null, ["sso-state"]]) expect(signInErrorMessage(text)).toBeNull();
  });
});

describe("cookies", () => {
  it("are __Host- and Secure when configured for HTTPS, plain otherwise", () => {
    expect(cookieName("pilot_session", true)).toBe("__Host-pilot_session");
    expect(setCookie("__Host-pilot_session", "t", true, 60_000)).toBe("__Host-pilot_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure");
    expect(setCookie("pilot_session", "t", false, 60_000)).toBe("pilot_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60");
  });
});
