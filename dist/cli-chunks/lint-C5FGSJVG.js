import {
  lintCommand,
  parseFormat
} from "./chunk-LUMBPQDZ.js";
import "./chunk-4MR4XYKT.js";
import "./chunk-2YATZ3QT.js";
import "./chunk-OUDCCA5E.js";
import "./chunk-4NAQYO46.js";
import "./chunk-5OPPPIR6.js";
import "./chunk-XC2IMODC.js";
export {
  lintCommand,
  parseFormat
};
