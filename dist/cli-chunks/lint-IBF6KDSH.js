import {
  lintCommand,
  parseFormat
} from "./chunk-VYWP2GHZ.js";
import "./chunk-UETU37OM.js";
import "./chunk-2YATZ3QT.js";
import "./chunk-GLGEZBL6.js";
import "./chunk-PYKQFXXX.js";
import "./chunk-4NAQYO46.js";
import "./chunk-HRYMA4Y5.js";
import "./chunk-FMNWHKCY.js";
import "./chunk-XC2IMODC.js";
export {
  lintCommand,
  parseFormat
};
