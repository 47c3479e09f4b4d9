import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { messagesFor, type Messages } from "./messages.js";

/** The interface language of the discussion being rendered (server and browser alike). */
export const I18n = createContext<Messages>(messagesFor("en"));

export function useMessages(): Messages {
  return useContext(I18n);
}
