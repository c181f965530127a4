import { createRequire as __charterCreateRequire } from "node:module"; const require = __charterCreateRequire(import.meta.url);
import{a}from"./chunk-VHQNO3PD.js";import"./chunk-YPWK4PJX.js";export default a();
