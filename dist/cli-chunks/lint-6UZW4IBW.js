import {
  lintCommand,
  parseFormat
} from "./chunk-H4WDTL5H.js";
import "./chunk-AXV7LUES.js";
import "./chunk-2DMFBX5M.js";
import "./chunk-DEESIRLK.js";
import "./chunk-G2X6ATPA.js";
export {
  lintCommand,
  parseFormat
};
