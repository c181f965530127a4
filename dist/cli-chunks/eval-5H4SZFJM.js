import {
  callMode,
  evalCommand
} from "./chunk-5OQKI3IL.js";
import "./chunk-SFYKL4TX.js";
import "./chunk-2YATZ3QT.js";
import "./chunk-H472RPTT.js";
import "./chunk-XJTLGLMY.js";
import "./chunk-FXXQ7OWI.js";
import "./chunk-DUGSIOLX.js";
import "./chunk-433K37J5.js";
import "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import "./chunk-XC2IMODC.js";
export {
  callMode,
  evalCommand
};
