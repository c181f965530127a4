import {
  lintCommand,
  parseFormat
} from "./chunk-PEZ2254A.js";
import "./chunk-KBLEENKG.js";
import "./chunk-2YATZ3QT.js";
import "./chunk-OUDCCA5E.js";
import "./chunk-4NAQYO46.js";
import "./chunk-5OPPPIR6.js";
import "./chunk-XC2IMODC.js";
export {
  lintCommand,
  parseFormat
};
