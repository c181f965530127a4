import {
  lintCommand,
  parseFormat
} from "./chunk-RWACGX4I.js";
import "./chunk-CEOFQYN6.js";
import "./chunk-2YATZ3QT.js";
import "./chunk-5E3FAMAE.js";
import "./chunk-2DMFBX5M.js";
import "./chunk-PV6VDUZY.js";
import "./chunk-XC2IMODC.js";
export {
  lintCommand,
  parseFormat
};
