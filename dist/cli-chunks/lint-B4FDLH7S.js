import {
  lintCommand,
  parseFormat
} from "./chunk-BDZ2CC6J.js";
import "./chunk-UETU37OM.js";
import "./chunk-2YATZ3QT.js";
import "./chunk-66E4ACSR.js";
import "./chunk-4NAQYO46.js";
import "./chunk-CUEV4TI6.js";
import "./chunk-XC2IMODC.js";
export {
  lintCommand,
  parseFormat
};
