import pkg from "../package.json" with { type: "json" };

export const CHARTER_VERSION: string = pkg.version;
