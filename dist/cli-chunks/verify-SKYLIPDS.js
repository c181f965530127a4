import {
  renderVerified,
  verifyCommand
} from "./chunk-PM5U4HDR.js";
import "./chunk-P6BVNSU2.js";
import "./chunk-KCRGRRHK.js";
import "./chunk-5LPV5DHS.js";
import "./chunk-JKBLQTHZ.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-GLGEZBL6.js";
import "./chunk-PYKQFXXX.js";
import "./chunk-TDDLD33T.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-CZ6TNMRW.js";
import "./chunk-EKDGROW3.js";
import "./chunk-HRYMA4Y5.js";
import "./chunk-FMNWHKCY.js";
import "./chunk-XC2IMODC.js";
export {
  renderVerified,
  verifyCommand
};
