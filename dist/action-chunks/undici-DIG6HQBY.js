import { createRequire as __charterCreateRequire } from "node:module"; const require = __charterCreateRequire(import.meta.url);
import{a}from"./chunk-4VBT5E45.js";import"./chunk-3S625UX4.js";export default a();
