import {
  lintCommand,
  parseFormat
} from "./chunk-3OLHIPOY.js";
import "./chunk-UETU37OM.js";
import "./chunk-2YATZ3QT.js";
import "./chunk-YDXCRINK.js";
import "./chunk-4YJBRKOS.js";
import "./chunk-4NAQYO46.js";
import "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import "./chunk-XC2IMODC.js";
export {
  lintCommand,
  parseFormat
};
