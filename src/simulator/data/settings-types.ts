/** The workspace settings a simulated workspace answers with. */
import type {
  IntercomAwayStatusReason,
  IntercomBrand,
  IntercomIpAllowlist,
  UnixSeconds,
} from '../../intercom/models.js';

/** One entry of `GET /away_status_reasons`; deleted ones stay listed. */
export interface SimulatedAwayStatusReason extends IntercomAwayStatusReason {
  label: string;
  emoji: string;
  order: number;
  deleted: boolean;
  created_at: UnixSeconds;
  /** When a deleted reason was deleted. */
  updated_at: UnixSeconds;
}

/** `GET /ip_allowlist`. */
export interface SimulatedIpAllowlist extends IntercomIpAllowlist {
  enabled: boolean;
  /** Single addresses and CIDR ranges; kept while the list is off. */
  ip_allowlist: string[];
}

export interface SimulatedBrand extends IntercomBrand {
  name: string;
  is_default: boolean;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
  help_center_id: string;
  default_address_settings_id: string;
}
