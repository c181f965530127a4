import {
  lintCommand,
  parseFormat
} from "./chunk-WQHOFDNE.js";
import "./chunk-AXV7LUES.js";
import "./chunk-2DMFBX5M.js";
import "./chunk-2YATZ3QT.js";
import "./chunk-T3LPLVOZ.js";
import "./chunk-IE6TIO7G.js";
export {
  lintCommand,
  parseFormat
};
