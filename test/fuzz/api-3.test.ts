import { fuzzRoutes } from "./api-routes";

fuzzRoutes(3, 4);
